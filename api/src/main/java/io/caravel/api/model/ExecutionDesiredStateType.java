package io.caravel.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** What the orchestrator wants an execution to be; codes as in Bacalhau. */
public enum ExecutionDesiredStateType {
    PENDING(0, "Pending"),
    RUNNING(1, "Running"),
    STOPPED(2, "Stopped");

    private final int code;
    private final String text;

    ExecutionDesiredStateType(int code, String text) {
        this.code = code;
        this.text = text;
    }

    @JsonValue
    public String text() {
        return text;
    }

    /** Reads the name in any case, or Bacalhau's numeric code. */
    @JsonCreator
    public static ExecutionDesiredStateType fromJson(Object value) {
        if (value instanceof Number n) {
            return Arrays.stream(values())
                    .filter(v -> v.code == n.intValue())
                    .findFirst()
                    .orElse(PENDING);
        }
        String t = String.valueOf(value).trim();
        return Arrays.stream(values())
                .filter(v -> v.text.equalsIgnoreCase(t))
                .findFirst()
                .orElse(PENDING);
    }

    public int code() {
        return code;
    }
}
