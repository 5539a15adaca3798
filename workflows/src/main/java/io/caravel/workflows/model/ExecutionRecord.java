package io.caravel.workflows.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.caravel.api.model.ExecutionDesiredStateType;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.SpecConfig;

/**
 * One execution of a job: one attempt at one partition on one node. A retry after a lost node is a
 * new execution with a new ID, as in Bacalhau.
 *
 * @param publishedResult where the results went; {@link SpecConfig#EMPTY} when nothing was
 *     published
 * @param message why the execution is in its state (the failure reason, the stop reason)
 * @param stagedBytes the size of the inputs the node staged for it (0 before staging, or without
 *     inputs)
 */
public record ExecutionRecord(
        @JsonProperty("ID") String id,
        @JsonProperty("NodeID") String nodeId,
        int partitionIndex,
        int attempt,
        ExecutionStateType state,
        ExecutionDesiredStateType desiredState,
        RunOutput runOutput,
        SpecConfig publishedResult,
        String message,
        long createTime,
        long modifyTime,
        long stagedBytes) {

    public ExecutionRecord {
        nodeId = nodeId == null ? "" : nodeId;
        publishedResult = publishedResult == null ? SpecConfig.EMPTY : publishedResult;
        message = message == null ? "" : message;
    }

    public ExecutionRecord with(ExecutionStateType newState, String newMessage, long now) {
        return new ExecutionRecord(
                id,
                nodeId,
                partitionIndex,
                attempt,
                newState,
                desiredState,
                runOutput,
                publishedResult,
                newMessage,
                createTime,
                now,
                stagedBytes);
    }
}
