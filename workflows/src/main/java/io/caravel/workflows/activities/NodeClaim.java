package io.caravel.workflows.activities;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A node's answer to a claim: the resources are reserved under {@code reservationId} (the execution
 * ID) until released; every later activity of the execution goes to {@code nodeQueue}.
 *
 * @param executePrepares the node's Execute can check the network and stage inline inputs itself
 *     ({@link ExecutionRequest#executePrepares()}); false in the answers of older nodes, which are
 *     then sent CheckNetwork and StageInputs as before
 */
public record NodeClaim(
        @JsonProperty("NodeID") String nodeId,
        String nodeQueue,
        @JsonProperty("ReservationID") String reservationId,
        List<Integer> gpuIndices,
        boolean executePrepares) {
    public NodeClaim {
        gpuIndices = gpuIndices == null ? List.of() : List.copyOf(gpuIndices);
    }

    /** The claim of a node whose Execute does not prepare itself. */
    public NodeClaim(
            String nodeId, String nodeQueue, String reservationId, List<Integer> gpuIndices) {
        this(nodeId, nodeQueue, reservationId, gpuIndices, false);
    }
}
