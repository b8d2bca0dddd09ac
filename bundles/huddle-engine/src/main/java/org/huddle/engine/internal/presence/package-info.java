/** Who is there: this node's hello and bye, peers heard and timed out, per domain, and the beacon of the origin programs. */
package org.huddle.engine.internal.presence;
