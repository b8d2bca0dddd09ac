/** The JGroups transport: Huddle's datagrams over a JGroups cluster on TCP; private. */
package org.huddle.transport.jgroups.internal;
