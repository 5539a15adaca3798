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

    /**
     * As {@link #describe}, with every execution of the job, those of its chunks included: a job
     * run in chunks (child workflows) lists none of its own. For a big job this reads every page of
     * its executions ({@link ExecutionPager}); {@code job describe} pages them instead.
     */
    public static JobDescription describeWithEveryExecution(WorkflowClient client, String id) {
        JobDescription d = describe(client, id);
        if (d.chunks().isEmpty()) {
            return d;
        }
        return new JobDescription(
                d.job(),
                d.state(),
                d.message(),
                new ExecutionPager(client, d).all(),
                d.history(),
                d.summary(),
                d.chunks());
    }
}
