package io.caravel.api.model;

/** Timeouts in seconds; 0 means none. */
public record TimeoutConfig(long executionTimeout, long queueTimeout, long totalTimeout) {
    public static final TimeoutConfig NONE = new TimeoutConfig(0, 0, 0);

    /** As Bacalhau: the execution timeout, falling back to the total timeout when not set. */
    public long effectiveExecutionTimeout() {
        return executionTimeout > 0 ? executionTimeout : totalTimeout;
    }
}
