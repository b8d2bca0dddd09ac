package org.huddle.transport.multicast.internal;

/**
 * Where the transport reports trouble, and changes it made by itself; the component passes its OSGi logger,
 * tests collect.
 */
@FunctionalInterface
interface Warnings {

    void warn(String message, Throwable cause);

    /** Something worth a line in the log that is no trouble: the interfaces in use changed, say. */
    default void info(String message) {
    }
}
