package io.caravel.workflows;

import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.JobResult;
import io.caravel.workflows.model.StopResult;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.Map;

/**
 * A Bacalhau job as a Temporal workflow. Start it with the job's JSON (PascalCase, as Bacalhau
 * writes it; the Bacalhau API's {@code {"Job": {...}}} wrapper is accepted too) on
 * {@link TaskQueues#DEFAULT}; the workflow ID becomes the job ID.
 */
@WorkflowInterface
public interface JobWorkflow {
    /** The workflow type name, for the Temporal CLI and UI. */
    String TYPE = "JobWorkflow";

    /**
     * Runs the job to its end.
     *
     * @return every execution's state, exit code, truncated output and published result
     * @throws io.temporal.failure.ApplicationFailure type {@code SPEC_INVALID}/{@code SPEC_UNREADABLE},
     *     non-retryable, listing every problem, when the spec is bad
     */
    @WorkflowMethod(name = TYPE)
    JobResult run(Map<String, Object> job);

    /** The job, its executions and its history, as {@code job describe} shows them. */
    @QueryMethod(name = "describe")
    JobDescription describe();

    /** Stops the job: running executions are cancelled and their reservations released. */
    @UpdateMethod(name = "stop")
    StopResult stop(String reason);

    /** The same as {@link #stop} for clients that can only signal. */
    @SignalMethod(name = "requestStop")
    void requestStop(String reason);
}
