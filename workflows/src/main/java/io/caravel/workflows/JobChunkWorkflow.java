package io.caravel.workflows;

import io.caravel.workflows.model.ChunkRequest;
import io.caravel.workflows.model.ChunkResult;
import io.caravel.workflows.model.ExecutionPage;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.Map;

/**
 * A chunk of a big batch job: a child workflow of the job's {@link JobWorkflow} that runs a range
 * of its partitions, so that the executions of a job with many partitions are spread over several
 * histories. Its ID is {@code <job ID>-chunk-<n>}; it runs on the job's task queue and namespace,
 * and is cancelled when the job is stopped, times out or its workflow closes.
 */
@WorkflowInterface
public interface JobChunkWorkflow {
    /** The workflow type name. */
    String TYPE = "JobChunkWorkflow";

    /**
     * Runs the partitions to their end. A cancelled chunk cancels its executions, waits until their
     * reservations are released and ends Canceled; its queries still answer.
     */
    @WorkflowMethod(name = TYPE)
    ChunkResult run(ChunkRequest request);

    /** Its executions per state (state name to count). */
    @QueryMethod(name = "summary")
    Map<String, Integer> summary();

    /**
     * At most {@code limit} of its executions from {@code offset} (see {@link
     * ExecutionPage#MAX_ITEMS}).
     */
    @QueryMethod(name = "executions")
    ExecutionPage executions(int offset, int limit);
}
