/** The transport bridge: a channel relayed between two transports; private. */
package org.huddle.bridge.internal;
