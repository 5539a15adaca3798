package io.caravel.activities.spi;

import io.caravel.api.model.Job;
import io.caravel.api.model.Task;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.StagedInputs;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One execution as a provider sees it: the job, where its files go on this node, its staged inputs
 * and environment, and a way to report progress and notice cancellation.
 *
 * @param env the task's environment with host references resolved and the system variables ({@code
 *     BACALHAU_*}) merged on top
 * @param progress receives short progress lines; they become activity heartbeat details
 * @param cancelled true once the execution is stopped or timed out
 */
public record ExecutionContext(
        Job job,
        String executionId,
        int partitionIndex,
        String nodeId,
        NodeClaim claim,
        Path executionDir,
        Path resultsDir,
        Path logsDir,
        StagedInputs inputs,
        Map<String, String> env,
        ProgressSink progress,
        BooleanSupplier cancelled) {

    public Task task() {
        return job.tasks().get(0);
    }

    /** Receives progress from a long-running step. */
    @FunctionalInterface
    public interface ProgressSink {
        void report(String message);
    }
}
