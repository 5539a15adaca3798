package io.caravel.workflows.activities;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.caravel.api.model.Job;
import java.time.Duration;
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
 * @param mayWaitOnNode a node busy with short executions may take the claim ahead of room: the
 *     execution then waits on the node, and its Execute starts it the moment room frees, at most
 *     {@link #NODE_WAIT} after Execute began to wait; after that Execute fails with {@link
 *     ErrorCode#NODE_BUSY} and the workflow places the partition again. False in the claims of
 *     workflows that do not handle that, and of targeted claims
 */
public record ClaimRequest(
        Job job,
        @JsonProperty("ExecutionID") String executionId,
        int partitionIndex,
        @JsonProperty("TargetNodeID") String targetNodeId,
        @JsonProperty("KnownRefusals") List<NodeRefusal> knownRefusals,
        @JsonProperty("MayWaitOnNode") boolean mayWaitOnNode) {

    /**
     * How long an execution claimed ahead of room waits for it on its node, once its Execute has
     * begun, before it goes back to placement; as long as a claim on a full node waits for room.
     */
    public static final Duration NODE_WAIT = Duration.ofSeconds(3);

    public ClaimRequest {
        knownRefusals = knownRefusals == null ? null : List.copyOf(knownRefusals);
    }

    /** A claim that may not wait on its node. */
    public ClaimRequest(
            Job job,
            String executionId,
            int partitionIndex,
            String targetNodeId,
            List<NodeRefusal> knownRefusals) {
        this(job, executionId, partitionIndex, targetNodeId, knownRefusals, false);
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
