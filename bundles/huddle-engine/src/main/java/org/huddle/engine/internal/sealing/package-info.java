/** Encrypted rooms' cryptography: the key from a passphrase, the sealed datagram, the replay guard. No engine state. */
package org.huddle.engine.internal.sealing;
