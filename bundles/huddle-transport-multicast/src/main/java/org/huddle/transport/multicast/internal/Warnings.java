package org.huddle.transport.multicast.internal;

/** Where the transport reports trouble; the component passes its OSGi logger, tests collect. */
@FunctionalInterface
interface Warnings {

    void warn(String message, Throwable cause);
}
