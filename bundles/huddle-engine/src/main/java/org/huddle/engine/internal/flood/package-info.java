/** The per-host rate limit checked before a datagram is decoded or opened (docs/security.md, Flood control). */
package org.huddle.engine.internal.flood;
