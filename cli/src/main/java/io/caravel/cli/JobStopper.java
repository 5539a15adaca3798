package io.caravel.cli;

import io.caravel.api.model.JobStateType;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.StopResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;

/**
 * Stops a job through its workflow's {@code stop} update, as {@code job stop} and the API server
 * do.
 */
public final class JobStopper {
    private JobStopper() {}

    /**
     * Stops job {@code id}. A job whose workflow has already closed cannot take updates, so its
     * state is looked up instead: Stopped or Failed is reported as it is (not stopped now),
     * Completed is refused as Bacalhau refuses it.
     *
     * @throws CliException for a Completed job
     */
    public static StopResult stop(WorkflowClient client, String id, String reason) {
        try {
            return client.newWorkflowStub(JobWorkflow.class, id).stop(reason);
        } catch (WorkflowException e) {
            // A closed workflow takes no updates and answers "not found"; its query still works.
            JobDescription d;
            try {
                d = JobQueries.describe(client, id);
            } catch (RuntimeException notDescribed) {
                e.addSuppressed(notDescribed);
                throw e;
            }
            if (d.state() == JobStateType.COMPLETED) {
                throw new CliException("cannot stop job " + id + " in state Completed", "");
            }
            if (d.state() == JobStateType.STOPPED || d.state() == JobStateType.FAILED) {
                return new StopResult(d.state(), false, "");
            }
            throw e;
        }
    }
}
