package io.caravel.workflows.internal;

import io.caravel.api.model.Job;
import io.caravel.workflows.activities.ClaimRequest;
import io.temporal.workflow.Workflow;
import java.util.Map;

/**
 * The job as this workflow's Claims carry it: from the version of {@link #CHANGE} on, without the
 * data of its inline inputs (their params are left empty), which only Execute reads: a node decides
 * a {@link ClaimRequest} by the source's type. A WASM job's module of 10 KiB (14 KiB of base64)
 * then travels once to the node, in Execute's input, not a second time in each Claim's. Histories
 * from before the change have no marker and their Claims carry the whole job, as they did.
 */
final class ClaimJob {
    /** The version marker of this change. */
    static final String CHANGE = "claim-without-inline-data";

    private ClaimJob() {}

    static Job of(Job job) {
        if (Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
            return job;
        }
        return InlineInputs.params(job).isEmpty()
                ? job
                : InlineInputs.withParams(job, p -> Map.of());
    }
}
