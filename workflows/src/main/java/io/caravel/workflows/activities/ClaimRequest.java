package io.caravel.workflows.activities;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.caravel.api.model.Job;
import java.util.List;

/**
 * Asks a node to take one execution: the node reserves what the task needs or refuses.
 *
 * @param job the job; its inline input sources may come without their params (their data): a node
 *     decides a claim by the source's type, and the node that runs the execution gets the whole job
 *     in Execute's request
 * @param targetNodeId for ops jobs the one node that must take it; "" lets any node on the queue
 *     take it
 * @param knownRefusals null: every refusal is retried by the server ({@link ErrorCode#NODE_BUSY},
 *     {@link ErrorCode#NODE_UNSUITABLE}), as for workflows older than the field. Otherwise the
 *     workflow wants to hear why nodes refuse: a node whose refusal (its node ID and whether it is
 *     lasting) is not in this list answers {@link ErrorCode#NODE_REFUSED}, which returns to the
 *     workflow; a node whose refusal is listed answers as usual, so the server retries the claim
 *     elsewhere
 */
public record ClaimRequest(
        Job job,
        @JsonProperty("ExecutionID") String executionId,
        int partitionIndex,
        @JsonProperty("TargetNodeID") String targetNodeId,
        @JsonProperty("KnownRefusals") List<NodeRefusal> knownRefusals) {

    public ClaimRequest {
        knownRefusals = knownRefusals == null ? null : List.copyOf(knownRefusals);
    }

    /** A claim whose refusals are all retried by the server. */
    public ClaimRequest(Job job, String executionId, int partitionIndex, String targetNodeId) {
        this(job, executionId, partitionIndex, targetNodeId, null);
    }

    /**
     * Whether {@code nodeId}'s refusal should be reported back: the workflow asked, and does not
     * know it yet.
     */
    public boolean reports(String nodeId, boolean lasting) {
        return knownRefusals != null
                && knownRefusals.stream()
                        .noneMatch(r -> r.nodeId().equals(nodeId) && r.lasting() == lasting);
    }
}
