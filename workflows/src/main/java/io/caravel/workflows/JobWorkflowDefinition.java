package io.caravel.workflows;

import io.caravel.workflows.model.Handover;
import io.caravel.workflows.model.JobResult;
import io.temporal.common.converter.RawValue;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * {@link JobWorkflow} as workers register it: the same workflow type, query, update and signal, but
 * the input arrives as the raw payload. The SDK decodes a typed workflow argument before the
 * workflow runs, and an input it cannot decode fails the workflow task again and again, leaving the
 * workflow Running; a raw payload always decodes, so the workflow reads it itself and fails at once
 * with {@code SPEC_UNREADABLE} or {@code SPEC_INVALID}. It reads it once and records the canonical
 * job it made of it, which replays read instead ({@link
 * io.caravel.workflows.internal.RecordedJob}). Clients keep using {@link JobWorkflow}.
 */
@WorkflowInterface
public interface JobWorkflowDefinition extends JobWorkflowHandlers {
    /**
     * See {@link JobWorkflow#run}; {@code job} is null when the workflow was started without an
     * input. {@code handover} is what the previous run of a {@code service} or {@code daemon} job
     * handed over when it continued as new; null when a client started the workflow.
     */
    @WorkflowMethod(name = JobWorkflow.TYPE)
    JobResult run(RawValue job, Handover handover);
}
