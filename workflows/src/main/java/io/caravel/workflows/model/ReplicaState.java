package io.caravel.workflows.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.StagedInputs;

/**
 * One replica of a {@code service} job (a partition) or a {@code daemon} job (a node), as a run of
 * the job workflow hands it to the next run when it continues as new.
 *
 * @param partition the replica's partition index (0 for a daemon's)
 * @param nodeId the node a daemon replica runs on; "" for a service replica
 * @param attempt executions started for this replica so far
 * @param crashes executions in a row that ended soon after they started (the crash loop the restart
 *     backoff grows with)
 * @param restartAtMillis workflow time at which the next execution may start; 0 for at once
 * @param running the execution running now, which the next run re-attaches to; null when none
 */
public record ReplicaState(
        int partition,
        @JsonProperty("NodeID") String nodeId,
        int attempt,
        int crashes,
        long restartAtMillis,
        Running running) {

    public ReplicaState {
        nodeId = nodeId == null ? "" : nodeId;
    }

    /**
     * An execution whose engine run was scheduled on its node and had not ended.
     *
     * @param nodeReleases whether the node frees the reservation when the run ends
     * @param startedMillis workflow time at which the run was scheduled
     */
    public record Running(
            @JsonProperty("ExecutionID") String executionId,
            NodeClaim claim,
            StagedInputs inputs,
            boolean nodeReleases,
            long startedMillis) {
        public Running {
            inputs = inputs == null ? StagedInputs.NONE : inputs;
        }
    }
}
