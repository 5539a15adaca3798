package io.caravel.workflows.activities;

import java.util.List;

/**
 * A node's answer to a claim: the resources are reserved under {@code reservationId} (the
 * execution ID) until released; every later activity of the execution goes to {@code nodeQueue}.
 */
public record NodeClaim(String nodeId, String nodeQueue, String reservationId, List<Integer> gpuIndices) {
    public NodeClaim {
        gpuIndices = gpuIndices == null ? List.of() : List.copyOf(gpuIndices);
    }
}
