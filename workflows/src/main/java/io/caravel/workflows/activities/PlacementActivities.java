package io.caravel.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Runs on the placement queues and on every node's own queue (for ops jobs). */
@ActivityInterface
public interface PlacementActivities {
    /**
     * Reserves what the task needs in this node's ledger after checking its constraints and the
     * node's policy (engines, sources, publishers, network types).
     *
     * @return the claim, with the node's own queue
     * @throws io.temporal.failure.ApplicationFailure {@link ErrorCode#NODE_BUSY} when the resources
     *     are not free now, {@link ErrorCode#NODE_UNSUITABLE} when this node can never run it; both
     *     retryable, with a message naming what is missing
     */
    @ActivityMethod(name = "Claim")
    NodeClaim claim(ClaimRequest request);
}
