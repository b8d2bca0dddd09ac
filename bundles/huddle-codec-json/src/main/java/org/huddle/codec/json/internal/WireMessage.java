package org.huddle.codec.json.internal;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The JSON object of one datagram, field for field as in {@code docs/protocol.md}. Only for writing:
 * reading goes through a tree so that each defect can be told apart.
 */
@JsonPropertyOrder({ "v", "type", "id", "handle", "room", "seq", "ts", "content" })
record WireMessage(int v, String type, String id, String handle, String room, long seq, long ts, String content) {
}
