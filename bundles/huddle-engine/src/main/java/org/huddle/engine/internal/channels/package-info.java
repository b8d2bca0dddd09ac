/** The channels open on the bound transport, and sealing and opening for encrypted rooms on them. */
package org.huddle.engine.internal.channels;
