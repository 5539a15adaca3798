package io.caravel.workflows;

import io.caravel.workflows.model.JobResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.Map;

/**
 * A Bacalhau job as a Temporal workflow. Start it with the job's JSON (PascalCase, as Bacalhau
 * writes it; the Bacalhau API's {@code {"Job": {...}}} wrapper is accepted too) on {@link
 * TaskQueues#DEFAULT}; the workflow ID becomes the job ID.
 *
 * <p>This is the client's view. Workers register {@link JobWorkflowDefinition}, which takes the
 * input raw, so that any input (not a JSON object, too large, too deep) fails the workflow with
 * {@code SPEC_UNREADABLE} instead of failing its workflow task over and over.
 */
@WorkflowInterface
public interface JobWorkflow extends JobWorkflowHandlers {
    /** The workflow type name, for the Temporal CLI and UI. */
    String TYPE = "JobWorkflow";

    /** The failure type of a job that ran and failed; its details hold the {@link JobResult}. */
    String JOB_FAILED = "JOB_FAILED";

    /**
     * The memo key of the job's {@code Version} (a number): set by a client that updates a job of
     * the same Name by starting a new run of its workflow id; absent means 1.
     */
    String MEMO_VERSION = "Version";

    /**
     * The memo key of the submitted spec's digest, which tells an unchanged resubmission from an
     * update.
     */
    String MEMO_SPEC_DIGEST = "SpecDigest";

    /** The failure type of a refused stop. */
    String STOP_REFUSED = "STOP_REFUSED";

    /**
     * Runs the job to its end: Completed, or Stopped by {@link #stop}/{@link #requestStop}. A
     * {@code service} or {@code daemon} job is never Completed: it runs until stopped, continuing
     * as new from time to time to keep its history short.
     *
     * @return every execution's state, exit code, truncated output and published result
     * @throws io.temporal.failure.ApplicationFailure non-retryable: type {@code
     *     SPEC_INVALID}/{@code SPEC_UNREADABLE} listing every problem when the spec is bad; {@link
     *     #JOB_FAILED} when the job failed (no node, an execution failed, a timeout), with the
     *     message saying why and the {@link JobResult} as its details
     */
    @WorkflowMethod(name = TYPE)
    JobResult run(Map<String, Object> job);
}
