package io.caravel.workflows.activities;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.caravel.api.model.Job;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.Task;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.inline.InlineSourceSpec;

/**
 * Everything a node needs to run one execution of {@code job}.
 *
 * @param releaseWhenDone the node frees the reservation itself when the execution's last step
 *     returns (see {@link #executeReleases}), which saves the workflow a Release activity on the
 *     happy path; false in requests of workflows started before that, which release it themselves
 * @param executePrepares Execute checks the network and stages the inputs itself before the run, in
 *     place of the CheckNetwork and StageInputs activities (see {@link #canExecutePrepare}), which
 *     saves a small job two round trips through the server; false in requests of workflows that
 *     schedule those activities
 */
public record ExecutionRequest(
        Job job,
        @JsonProperty("ExecutionID") String executionId,
        int partitionIndex,
        NodeClaim claim,
        boolean releaseWhenDone,
        boolean executePrepares) {

    /** A request whose steps are each an activity of their own. */
    public ExecutionRequest(
            Job job,
            String executionId,
            int partitionIndex,
            NodeClaim claim,
            boolean releaseWhenDone) {
        this(job, executionId, partitionIndex, claim, releaseWhenDone, false);
    }

    /** A request whose reservation the workflow releases with the Release activity. */
    public ExecutionRequest(Job job, String executionId, int partitionIndex, NodeClaim claim) {
        this(job, executionId, partitionIndex, claim, false, false);
    }

    /**
     * Whether Execute may do the network check and the staging of {@code task}'s inputs itself: its
     * inputs, if any, are all inline (the bytes are in the job), so staging them is quick and local
     * and needs neither the staging timeout nor its own retries, and none is a gzip tarball (whose
     * staged size is known only once extracted); and it asks for no ports, since the host ports a
     * node gives an execution are reported by the CheckNetwork activity.
     */
    public static boolean canExecutePrepare(Task task) {
        return task.inputSources().stream()
                        .allMatch(
                                i ->
                                        i.source() != null
                                                && SpecTypes.SOURCE_INLINE.equals(
                                                        i.source().typeKey())
                                                && !InlineSourceSpec.decode(i.source()).isGzip())
                && task.network().ports().isEmpty();
    }

    /**
     * What Execute stages for a task it prepares ({@link #canExecutePrepare}): the decoded bytes of
     * its inline inputs, known from the job itself, so the workflow records them as StageInputs'
     * answer would have.
     */
    public static long preparedBytes(Task task) {
        return task.inputSources().stream()
                .mapToLong(i -> InlineSourceSpec.decode(i.source()).decode().length)
                .sum();
    }

    /**
     * Whether Execute, having returned {@code output}, frees the reservation: the request asks for
     * it, and Execute is the execution's last step on the node (there is no publisher, or the
     * engine failed and nothing is published). Publish, when it runs, is always the last step.
     */
    public boolean executeReleases(RunOutput output) {
        return releaseWhenDone
                && (job.task().map(t -> t.publisher().isEmpty()).orElse(true) || output.failed());
    }
}
