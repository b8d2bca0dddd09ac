/**
 * The Huddle chat API: what front ends and other bundles use to take part in rooms.
 *
 * <p>The engine provides {@link org.huddle.api.ChatService}; front ends register
 * {@link org.huddle.api.ChatListener} services (whiteboard) to see messages and notices.
 * Everything here is an immutable record or an interface; no wire format and no sockets.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package org.huddle.api;
