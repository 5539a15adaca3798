package io.caravel.workflows.activities;

import io.caravel.api.model.Job;

/** Everything a node needs to run one execution of {@code job}. */
public record ExecutionRequest(Job job, String executionId, int partitionIndex, NodeClaim claim) {
}
