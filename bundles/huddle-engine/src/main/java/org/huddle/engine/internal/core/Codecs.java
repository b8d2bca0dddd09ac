package org.huddle.engine.internal.core;

import org.huddle.api.Wire;
import org.huddle.api.transport.MessageCodec;

/** The codec of each wire the engine speaks. */
public record Codecs(MessageCodec huddle, MessageCodec backchannel, MessageCodec beacon) {

    public MessageCodec forWire(Wire wire) {
        return switch (wire) {
            case HUDDLE -> huddle;
            case BACKCHANNEL -> backchannel;
        };
    }
}
