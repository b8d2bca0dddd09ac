/** What every part of the engine shares: its clocks, counters, codecs, the front ends' dispatch thread and handles. */
package org.huddle.engine.internal.core;
