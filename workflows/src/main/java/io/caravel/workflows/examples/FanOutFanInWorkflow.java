package io.caravel.workflows.examples;

import io.caravel.api.model.Job;
import io.caravel.workflows.model.JobResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * An example parent workflow: runs one job per shard at once (fan-out), then one job that reads
 * every shard's published results (fan-in).
 */
@WorkflowInterface
public interface FanOutFanInWorkflow {
    /**
     * @param shards the jobs to run in parallel; each must publish its results
     * @param combine the job to run last; the shards' results are added to its inputs under {@code
     *     /inputs/shards}
     * @return the combining job's result
     */
    @WorkflowMethod(name = "CaravelFanOutFanIn")
    JobResult run(List<Job> shards, Job combine);
}
