package io.caravel.cli;

import io.caravel.workflows.model.JobDescription;
import io.temporal.client.WorkflowClient;

/** Reads a job's state through its workflow. */
public final class JobQueries {
    private JobQueries() {}

    /** The {@code describe} query of job {@code id}. */
    public static JobDescription describe(WorkflowClient client, String id) {
        return client.newUntypedWorkflowStub(id).query("describe", JobDescription.class);
    }
}
