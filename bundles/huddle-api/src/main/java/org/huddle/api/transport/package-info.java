/**
 * The transport SPI: how the engine moves datagrams, and how it turns them into messages.
 *
 * <p>A {@link org.huddle.api.transport.Transport} moves bytes and knows nothing of chat; a
 * {@link org.huddle.api.transport.MessageCodec} turns bytes into {@link org.huddle.api.transport.Envelope}s
 * and back and never opens a socket.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package org.huddle.api.transport;
