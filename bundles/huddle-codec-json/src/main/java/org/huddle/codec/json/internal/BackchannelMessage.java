package org.huddle.codec.json.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A chat message of backchannel (seed 001) as its clients write it. Only for writing: reading goes through a
 * tree so that each defect can be told apart.
 */
@JsonPropertyOrder({ "client_id", "handle", "content" })
record BackchannelMessage(@JsonProperty("client_id") String clientId, String handle, String content) {
}
