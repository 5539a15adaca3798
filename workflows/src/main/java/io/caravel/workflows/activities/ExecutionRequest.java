package io.caravel.workflows.activities;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.caravel.api.model.Job;

/** Everything a node needs to run one execution of {@code job}. */
public record ExecutionRequest(Job job, @JsonProperty("ExecutionID") String executionId, int partitionIndex, NodeClaim claim) {
}
