package io.caravel.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * A job's state. Serialised as its name; unknown names read as {@link #UNDEFINED}, as in Bacalhau.
 */
public enum JobStateType {
    UNDEFINED("Undefined"),
    PENDING("Pending"),
    QUEUED("Queued"),
    RUNNING("Running"),
    COMPLETED("Completed"),
    FAILED("Failed"),
    STOPPED("Stopped");

    private final String text;

    JobStateType(String text) {
        this.text = text;
    }

    @JsonValue
    public String text() {
        return text;
    }

    @JsonCreator
    public static JobStateType parse(String text) {
        String t = text == null ? "" : text.trim();
        return Arrays.stream(values())
                .filter(v -> v.text.equalsIgnoreCase(t))
                .findFirst()
                .orElse(UNDEFINED);
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == STOPPED;
    }

    /** Whether a job in this state may be run again (everything that has started). */
    public boolean isRerunnable() {
        return this != UNDEFINED && this != PENDING && this != QUEUED;
    }
}
