package org.huddle.itests;

import org.junit.Assume;

/**
 * What a test needs of the machine (root, network namespaces, programs on the PATH). Where it is missing, a test
 * skips with the reason on a developer's machine, and fails in CI: {@code .ci/run} sets {@value #REQUIRE_ALL}, so
 * that a run that skipped a class for want of a program can never go green.
 */
public final class Environment {

    /** System property: when {@code true}, anything missing fails the test instead of skipping it. */
    public static final String REQUIRE_ALL = "huddle.require.all";

    private Environment() {
    }

    /**
     * @param need    what the test needs, for the message, e.g. {@code needs curl on the PATH}
     * @param present whether the machine has it
     */
    public static void require(String need, boolean present) {
        if (present) {
            return;
        }
        if (Boolean.getBoolean(REQUIRE_ALL)) {
            throw new AssertionError(need + " (" + REQUIRE_ALL + " is set: in CI a skip fails the run)");
        }
        Assume.assumeTrue(need + "; skipped", false);
    }
}
