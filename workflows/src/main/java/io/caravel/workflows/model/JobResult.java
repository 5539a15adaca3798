package io.caravel.workflows.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.caravel.api.model.JobStateType;
import java.util.List;

/** What {@code JobWorkflow} returns: the job's final state and every execution it made. */
public record JobResult(@JsonProperty("JobID") String jobId, String name, String namespace, String type, JobStateType state,
        String message, List<ExecutionRecord> executions) {
    public JobResult {
        executions = executions == null ? List.of() : List.copyOf(executions);
    }
}
