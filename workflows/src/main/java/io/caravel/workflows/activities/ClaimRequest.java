package io.caravel.workflows.activities;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.caravel.api.model.Job;

/**
 * Asks a node to take one execution: the node reserves what the task needs or refuses.
 *
 * @param targetNodeId for ops jobs the one node that must take it; "" lets any node on the queue take it
 */
public record ClaimRequest(Job job, @JsonProperty("ExecutionID") String executionId, int partitionIndex,
        @JsonProperty("TargetNodeID") String targetNodeId) {
}
