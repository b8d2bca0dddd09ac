package org.huddle.api;

import java.util.List;
import java.util.Objects;

/**
 * Why this node hears whom it hears: one finding per interface and address family (and for the sockets and
 * counters), then what to do about each problem.
 *
 * @param findings what was checked, in order
 * @param hints    for every problem found, what to try; empty when nothing is wrong
 */
public record Diagnosis(List<Finding> findings, List<String> hints) {

    /** How a finding turned out. */
    public enum Verdict {
        OK, WARNING, PROBLEM
    }

    /**
     * One thing checked.
     *
     * @param subject what was checked, for example {@code lan0 IPv4} or {@code receive buffer}
     * @param verdict how it turned out
     * @param detail  what was found, in a sentence
     */
    public record Finding(String subject, Verdict verdict, String detail) {

        public Finding {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(detail, "detail");
        }
    }

    public Diagnosis {
        findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
        hints = List.copyOf(Objects.requireNonNull(hints, "hints"));
    }
}
