/** Datagrams over IPv4/IPv6 multicast with {@code DatagramChannel}: private to this bundle. */
package org.huddle.transport.multicast.internal;
