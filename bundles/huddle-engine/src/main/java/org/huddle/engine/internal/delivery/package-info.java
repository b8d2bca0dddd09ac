/**
 * Sending and receiving messages: the receive pipeline ({@code ReceivePipeline}: the stages every datagram of every
 * channel meets, in order), windows, repair (NACKs), fragments, pacing and history sync. Which thread runs what
 * and which lock guards what: docs/reliability.md, Threads and locks in the engine.
 */
package org.huddle.engine.internal.delivery;
