package io.caravel.workflows.activities;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Why one node refused a claim, as the job's message shows it ({@code node-a: <reason>}).
 *
 * @param lasting true when the node can never run the task ({@link ErrorCode#NODE_UNSUITABLE}: its
 *     policy, the job's constraints, a task larger than the node); false when it only lacks free
 *     resources now ({@link ErrorCode#NODE_BUSY})
 * @param reason what keeps the node from taking it, without the node's ID, e.g. {@code local source
 *     refused: volume /x is not allowlisted}
 */
public record NodeRefusal(@JsonProperty("NodeID") String nodeId, boolean lasting, String reason) {
    public NodeRefusal {
        nodeId = nodeId == null ? "" : nodeId;
        reason = reason == null ? "" : reason;
    }
}
