/** Joined rooms, their channels (wire, groups, port, key) and the registry of them; each room holds its history. */
package org.huddle.engine.internal.rooms;
