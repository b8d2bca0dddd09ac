/** Probes: this node's pings and the pongs it answers, and the addresses it diagnoses from. */
package org.huddle.engine.internal.probes;
