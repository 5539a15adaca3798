package io.caravel.workflows.model;

import io.caravel.api.model.Job;
import io.caravel.api.model.JobStateType;
import java.util.List;

/** The {@code describe} query's answer: the job, its state, its executions and its history. */
public record JobDescription(Job job, JobStateType state, String message, List<ExecutionRecord> executions,
        List<JobEvent> history) {
    public JobDescription {
        executions = executions == null ? List.of() : List.copyOf(executions);
        history = history == null ? List.of() : List.copyOf(history);
    }
}
