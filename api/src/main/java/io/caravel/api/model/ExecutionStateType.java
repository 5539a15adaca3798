package io.caravel.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** An execution's compute state, with Bacalhau's numeric codes (it serialises them as integers). */
public enum ExecutionStateType {
    UNDEFINED(0, "Undefined"),
    NEW(1, "New"),
    ASK_FOR_BID(2, "AskForBid"),
    ASK_FOR_BID_ACCEPTED(3, "AskForBidAccepted"),
    ASK_FOR_BID_REJECTED(4, "AskForBidRejected"),
    BID_ACCEPTED(5, "BidAccepted"),
    RUNNING(6, "Running"),
    PUBLISHING(7, "Publishing"),
    BID_REJECTED(8, "BidRejected"),
    COMPLETED(9, "Completed"),
    FAILED(10, "Failed"),
    CANCELLED(11, "Cancelled");

    private final int code;
    private final String text;

    ExecutionStateType(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    @JsonValue
    public String text() {
        return text;
    }

    public static Optional<ExecutionStateType> ofCode(int code) {
        return Arrays.stream(values()).filter(v -> v.code == code).findFirst();
    }

    /** Reads the name ({@code Completed}) or, as Bacalhau writes it, the numeric code. */
    @JsonCreator
    public static ExecutionStateType fromJson(Object value) {
        if (value instanceof Number n) {
            return ofCode(n.intValue()).orElse(UNDEFINED);
        }
        String t = String.valueOf(value).trim();
        return Arrays.stream(values())
                .filter(v -> v.text.equalsIgnoreCase(t))
                .findFirst()
                .orElse(UNDEFINED);
    }

    public boolean isTerminal() {
        return this == BID_REJECTED
                || this == COMPLETED
                || this == FAILED
                || this == CANCELLED
                || this == ASK_FOR_BID_REJECTED;
    }

    /** Placed on a node and not finished: BidAccepted, Running or Publishing. */
    public boolean isExecuting() {
        return this == BID_ACCEPTED || this == RUNNING || this == PUBLISHING;
    }
}
