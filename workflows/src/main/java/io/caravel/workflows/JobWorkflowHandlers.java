package io.caravel.workflows;

import io.caravel.workflows.model.ExecutionPage;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.StopResult;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;

/**
 * The query, update and signal of a job workflow, shared by the client's view ({@link JobWorkflow})
 * and the workers' ({@link JobWorkflowDefinition}).
 */
public interface JobWorkflowHandlers {
    /** The job, its executions and its history, as {@code job describe} shows them. */
    @QueryMethod(name = "describe")
    JobDescription describe();

    /**
     * At most {@code limit} of the executions the job's own workflow ran, from {@code offset} (see
     * {@link ExecutionPage#MAX_ITEMS}); those of a job run in chunks are paged by the chunks' own
     * {@code executions} query ({@link JobChunkWorkflow}), listed in {@link
     * JobDescription#chunks()}.
     */
    @QueryMethod(name = "executions")
    ExecutionPage executions(int offset, int limit);

    /**
     * Stops the job: running executions are cancelled and their reservations released; returns once
     * the job is Stopped. Stopping a stopped job does nothing.
     */
    @UpdateMethod(name = "stop")
    StopResult stop(String reason);

    /**
     * Refuses a stop of a Completed job ({@code cannot stop job in state Completed}), as Bacalhau
     * does.
     *
     * @throws io.temporal.failure.ApplicationFailure type {@link JobWorkflow#STOP_REFUSED}
     */
    @UpdateValidatorMethod(updateName = "stop")
    void validateStop(String reason);

    /** The same as {@link #stop} for clients that can only signal. */
    @SignalMethod(name = "requestStop")
    void requestStop(String reason);
}
