package io.caravel.workflows.compose;

import io.caravel.api.model.Job;
import io.caravel.api.spec.JobSpecWriter;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.model.JobResult;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

/**
 * Runs Caravel jobs from inside a user's own workflow, as child workflows. Call only from workflow
 * code. The child's workflow ID is the job ID ({@code j-<uuid>}, from the workflow's deterministic
 * random source), on {@link TaskQueues#DEFAULT}.
 *
 * <pre>{@code
 * JobResult first = CaravelJobs.run(prepareJob);
 * Job next = nextJob.toBuilder().task(task.toBuilder()
 *         .inputSources(ResultInputs.fromResult(first, "/inputs")).build()).build();
 * JobResult second = CaravelJobs.run(next);
 * }</pre>
 */
public final class CaravelJobs {
    private CaravelJobs() {}

    /**
     * Runs {@code job} to its end and returns its result; a failed job returns with state Failed.
     */
    public static JobResult run(Job job) {
        return runAsync(job).get();
    }

    /**
     * Starts {@code job} and returns at once; fan out with several calls, fan in with {@code
     * Promise.allOf}.
     */
    public static Promise<JobResult> runAsync(Job job) {
        return runAsync(job, defaultOptions());
    }

    /**
     * As {@link #runAsync(Job)} with the caller's options (another task queue or namespace, a
     * workflow ID of the caller's choice).
     */
    public static Promise<JobResult> runAsync(Job job, ChildWorkflowOptions options) {
        JobWorkflow child = Workflow.newChildWorkflowStub(JobWorkflow.class, options);
        return Async.function(child::run, JobSpecWriter.toTree(job));
    }

    /** Default child options: job ID from the workflow's random source, the default queue. */
    public static ChildWorkflowOptions defaultOptions() {
        return ChildWorkflowOptions.newBuilder()
                .setWorkflowId("j-" + Workflow.randomUUID())
                .setTaskQueue(TaskQueues.DEFAULT)
                .build();
    }
}
