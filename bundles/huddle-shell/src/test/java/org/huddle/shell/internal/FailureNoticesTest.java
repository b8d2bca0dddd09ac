package org.huddle.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class FailureNoticesTest {

    @Test
    void aComponentThatDidNotStartIsSaidWithItsBundleAndTheCause() {
        String scr = "bundle org.huddle.transport.multicast:0.1.0.SNAPSHOT (9)[org.huddle.transport.multicast.internal"
                + ".MulticastTransport(17)] : Error during instantiation of the implementation object";
        assertEquals("Huddle multicast transport did not start: port 99999 is not between 1 and 65535",
                FailureNotices.text("Huddle multicast transport", scr, new RuntimeException("wrapped",
                        new IOException("port 99999 is not between 1 and 65535"))));
    }

    @Test
    void anyOtherEntryIsItsMessageAndCause() {
        assertEquals("transport default: configuration refused: port 0", FailureNotices.text("x",
                "transport default: configuration refused: port 0", null));
        assertEquals("cannot join ff02::4844 on lo: IOException", FailureNotices.text("x", "cannot join ff02::4844 on lo",
                new IOException()));
    }
}
