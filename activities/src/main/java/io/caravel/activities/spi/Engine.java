package io.caravel.activities.spi;

import io.caravel.api.model.RunOutput;
import java.util.Set;

/**
 * Runs a task. One implementation per engine type string ({@code docker}, {@code wasm}, {@code
 * noop}), registered in the worker under {@link #type()}.
 */
public interface Engine {
    /** The Bacalhau engine type this runs, in canonical spelling. */
    String type();

    /**
     * Why this engine cannot take new work now, e.g. {@code docker daemon at
     * unix:///var/run/docker.sock is not answering: ...; placement resumes when it answers}; empty
     * when it can. The node refuses claims for this engine while it is not empty (the claim is
     * retried, here or elsewhere) and shows it in its heartbeats. Called for every claim and
     * heartbeat, so it must answer within seconds (cache what it probes). Empty by default.
     */
    default java.util.Optional<String> unavailability() {
        return java.util.Optional.empty();
    }

    /**
     * Runs the task of {@code execution} to its end. Writes {@code stdout}, {@code stderr} and
     * {@code exitCode} into {@link ExecutionContext#resultsDir()} in Bacalhau's layout, and the
     * result paths as sub-directories named after them. A non-zero exit code is a normal return.
     * Must stop within seconds once {@link ExecutionContext#cancelled()} becomes true.
     *
     * @return the run output (summaries truncated to {@link RunOutput#SUMMARY_LIMIT} bytes)
     * @throws io.caravel.api.errors.CaravelException for a failure of the execution itself (image
     *     missing, trap, out of memory); its retryable flag says whether another node may succeed
     */
    RunOutput run(ExecutionContext execution) throws InterruptedException;

    /**
     * Work before {@link #run} that does not count against the task's execution timeout, such as
     * pulling a container image. The node calls it just before {@code run}, with the same context
     * (heartbeats go on; cancellation is seen through {@link ExecutionContext#cancelled()}).
     * Nothing by default.
     *
     * @throws io.caravel.api.errors.CaravelException as {@link #run} does
     */
    default void prepare(ExecutionContext execution) throws InterruptedException {}

    /**
     * Called once when the worker starts: removes what this engine left behind for executions of
     * node {@code nodeId} that are no longer in {@code liveExecutionIds} (those whose directories
     * are still on the node). Nothing by default.
     */
    default void removeOrphans(String nodeId, Set<String> liveExecutionIds) {}

    /**
     * Whether a run goes on outside the worker process (a container), so that a worker that stops
     * may leave it running and a restarted one re-attach to it. When true, {@link #run} must, on an
     * interrupt, leave the work running and throw {@link InterruptedException}; called again for
     * the same execution ID, it must re-attach to that work instead of starting it again; and
     * whatever the run leaves (an exited container) stays until {@link #release}. False by default:
     * an in-process run is finished within the worker's shutdown grace period or interrupted.
     */
    default boolean outlivesWorker() {
        return false;
    }

    /**
     * Removes whatever this engine keeps for execution {@code executionId} (its container,
     * networks): the execution was released, stopped for good or superseded. Idempotent; nothing by
     * default.
     */
    default void release(String executionId) {}

    /**
     * The executions of node {@code nodeId} this engine keeps work for, by execution ID, with their
     * job IDs ("" when unknown). None by default.
     */
    default java.util.Map<String, String> executions(String nodeId) {
        return java.util.Map.of();
    }
}
