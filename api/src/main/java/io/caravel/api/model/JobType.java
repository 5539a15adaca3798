package io.caravel.api.model;

import java.util.Arrays;
import java.util.Optional;

/** Bacalhau's job types; names are matched case-sensitively, as Bacalhau does. */
public enum JobType {
    BATCH("batch"),
    SERVICE("service"),
    DAEMON("daemon"),
    OPS("ops");

    private final String text;

    JobType(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static Optional<JobType> parse(String text) {
        return Arrays.stream(values()).filter(v -> v.text.equals(text)).findFirst();
    }

    /** Service and daemon jobs run until stopped; timeouts do not apply to them. */
    public boolean isLongRunning() {
        return this == SERVICE || this == DAEMON;
    }

    /** Ops and daemon jobs run on every matching node; their Count is always 0. */
    public boolean runsOnAllNodes() {
        return this == OPS || this == DAEMON;
    }
}
