package io.caravel.workflows.activities;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A node's answer to a claim: the resources are reserved under {@code reservationId} (the
 * execution ID) until released; every later activity of the execution goes to {@code nodeQueue}.
 */
public record NodeClaim(@JsonProperty("NodeID") String nodeId, String nodeQueue,
        @JsonProperty("ReservationID") String reservationId, List<Integer> gpuIndices) {
    public NodeClaim {
        gpuIndices = gpuIndices == null ? List.of() : List.copyOf(gpuIndices);
    }
}
