package io.caravel.api.model;

/** What the orchestrator wants an execution to be; codes as in Bacalhau. */
public enum ExecutionDesiredStateType {
    PENDING(0),
    RUNNING(1),
    STOPPED(2);

    private final int code;

    ExecutionDesiredStateType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
