/**
 * Several datagrams of Huddle's wire in one: the bundle frame, and the engine's sending thread that packs
 * what waits to go out into bundles. Knows memberships and bytes, nothing of rooms or messages.
 */
package org.huddle.engine.internal.bundling;
