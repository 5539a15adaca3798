package io.caravel.workflows.model;

import io.caravel.api.model.JobStateType;
import java.util.List;

/**
 * A job's state, times, executions and events, carried from one run of its workflow to the next.
 */
public record ProgressSnapshot(
        JobStateType state,
        String message,
        long createTime,
        long modifyTime,
        List<ExecutionRecord> executions,
        List<JobEvent> history) {
    public ProgressSnapshot {
        message = message == null ? "" : message;
        executions = executions == null ? List.of() : List.copyOf(executions);
        history = history == null ? List.of() : List.copyOf(history);
    }
}
