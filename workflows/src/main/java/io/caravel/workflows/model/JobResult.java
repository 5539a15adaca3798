package io.caravel.workflows.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.caravel.api.model.JobStateType;
import java.util.List;
import java.util.Map;

/**
 * What {@code JobWorkflow} returns: the job's final state and every execution it made.
 *
 * @param executions the executions of the job's own workflow; none for a job run in chunks, whose
 *     executions its chunks hold
 * @param summary every execution of the job per state (state name to count)
 * @param chunks the child workflows of a job run in chunks; empty otherwise
 */
public record JobResult(
        @JsonProperty("JobID") String jobId,
        String name,
        String namespace,
        String type,
        JobStateType state,
        String message,
        List<ExecutionRecord> executions,
        Map<String, Integer> summary,
        List<ChunkInfo> chunks) {
    public JobResult {
        executions = executions == null ? List.of() : List.copyOf(executions);
        summary = summary == null ? Summary.of(executions) : Map.copyOf(summary);
        chunks = chunks == null ? List.of() : List.copyOf(chunks);
    }

    public JobResult(
            String jobId,
            String name,
            String namespace,
            String type,
            JobStateType state,
            String message,
            List<ExecutionRecord> executions) {
        this(jobId, name, namespace, type, state, message, executions, null, List.of());
    }
}
