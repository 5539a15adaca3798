package io.caravel.workflows.activities;

import io.caravel.api.model.PortMapping;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.SpecConfig;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The steps of one execution, each a separate activity on the claiming node's own queue, in this
 * order: network check, staging, execution, publishing; release always runs last.
 */
@ActivityInterface
public interface NodeActivities {
    /**
     * Refuses, before anything is staged, a network mode this node's policy does not accept, and
     * holds the host ports of the task's port mappings for the execution.
     *
     * @return the task's port mappings with their host ports set (a {@code Static: 0} port gets one
     *     from the node's range); empty when the task maps none. A node of an earlier version
     *     returns nothing (null).
     * @throws io.temporal.failure.ApplicationFailure {@link ErrorCode#NETWORK_REFUSED},
     *     non-retryable
     */
    @ActivityMethod(name = "CheckNetwork")
    List<PortMapping> checkNetwork(ExecutionRequest request);

    /** Fetches every input source into the execution's directory on this node. */
    @ActivityMethod(name = "StageInputs")
    StagedInputs stageInputs(ExecutionRequest request);

    /**
     * Runs the engine, heartbeating with progress; writes stdout, stderr, exitCode and the result
     * paths into the execution's results directory. A non-zero exit code is a normal return. When
     * the request says {@link ExecutionRequest#executePrepares()}, it first does what CheckNetwork
     * and StageInputs would have done, failing as they would, and {@code inputs} is ignored.
     *
     * @return the run output with stdout/stderr truncated to {@link RunOutput#SUMMARY_LIMIT}
     */
    @ActivityMethod(name = "Execute")
    RunOutput execute(ExecutionRequest request, StagedInputs inputs);

    /**
     * Publishes the execution's results directory with the task's publisher.
     *
     * @return the published result; {@link SpecConfig#EMPTY} when the task has no publisher
     */
    @ActivityMethod(name = "Publish")
    SpecConfig publish(ExecutionRequest request);

    /** Frees the reservation and the execution's scratch space. Idempotent. */
    @ActivityMethod(name = "Release")
    void release(NodeClaim claim);
}
