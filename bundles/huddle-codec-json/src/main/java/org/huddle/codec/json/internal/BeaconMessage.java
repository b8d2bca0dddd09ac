package org.huddle.codec.json.internal;

/** The discovery beacon of seed 004: {@code {"username": ...}}. Only for writing. */
record BeaconMessage(String username) {
}
