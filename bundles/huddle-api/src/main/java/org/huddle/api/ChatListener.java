package org.huddle.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service that front ends register to see what happens in the rooms this node joined.
 *
 * <p>The engine calls listeners from one delivery thread, in order, never from a transport's receive
 * thread; a listener should still return quickly. An exception thrown by a listener is logged and does
 * not reach other listeners or the network.
 */
@ConsumerType
public interface ChatListener {

    /**
     * A message was said in a joined room, by a peer or by this node.
     *
     * @param message the message
     */
    void message(ChatMessage message);

    /**
     * Something the user should know that is not a message.
     *
     * @param notice the notice
     */
    default void notice(Notice notice) {
    }
}
