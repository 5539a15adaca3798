package io.caravel.workflows.activities;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.caravel.api.model.Job;
import io.caravel.api.model.RunOutput;

/**
 * Everything a node needs to run one execution of {@code job}.
 *
 * @param releaseWhenDone the node frees the reservation itself when the execution's last step
 *     returns (see {@link #executeReleases}), which saves the workflow a Release activity on the
 *     happy path; false in requests of workflows started before that, which release it themselves
 */
public record ExecutionRequest(Job job, @JsonProperty("ExecutionID") String executionId, int partitionIndex,
        NodeClaim claim, boolean releaseWhenDone) {

    /** A request whose reservation the workflow releases with the Release activity. */
    public ExecutionRequest(Job job, String executionId, int partitionIndex, NodeClaim claim) {
        this(job, executionId, partitionIndex, claim, false);
    }

    /**
     * Whether Execute, having returned {@code output}, frees the reservation: the request asks for
     * it, and Execute is the execution's last step on the node (there is no publisher, or the engine
     * failed and nothing is published). Publish, when it runs, is always the last step.
     */
    public boolean executeReleases(RunOutput output) {
        return releaseWhenDone
                && (job.task().map(t -> t.publisher().isEmpty()).orElse(true) || output.failed());
    }
}
