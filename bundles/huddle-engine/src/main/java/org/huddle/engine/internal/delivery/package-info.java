/** Sending and receiving messages: the receive path, windows, repair (NACKs), fragments, pacing and history sync. */
package org.huddle.engine.internal.delivery;
