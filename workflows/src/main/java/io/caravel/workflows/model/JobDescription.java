package io.caravel.workflows.model;

import io.caravel.api.model.Job;
import io.caravel.api.model.JobStateType;
import java.util.List;
import java.util.Map;

/**
 * The {@code describe} query's answer: the job, its state, its executions and its history.
 *
 * @param executions the executions the job's own workflow ran; none for a job run in chunks (the
 *     chunks hold them: their {@code executions} query pages through them)
 * @param summary every execution of the job per state (state name to count), those of chunks still
 *     running left out (their {@code summary} query says)
 * @param chunks the child workflows of a job run in chunks, in partition order; empty otherwise
 */
public record JobDescription(
        Job job,
        JobStateType state,
        String message,
        List<ExecutionRecord> executions,
        List<JobEvent> history,
        Map<String, Integer> summary,
        List<ChunkInfo> chunks) {
    public JobDescription {
        executions = executions == null ? List.of() : List.copyOf(executions);
        history = history == null ? List.of() : List.copyOf(history);
        summary = summary == null ? Summary.of(executions) : Map.copyOf(summary);
        chunks = chunks == null ? List.of() : List.copyOf(chunks);
    }

    public JobDescription(
            Job job,
            JobStateType state,
            String message,
            List<ExecutionRecord> executions,
            List<JobEvent> history) {
        this(job, state, message, executions, history, null, List.of());
    }
}
