package io.caravel.activities.spi;

import io.caravel.api.model.RunOutput;

/**
 * Runs a task. One implementation per engine type string ({@code docker}, {@code wasm},
 * {@code noop}), registered in the worker under {@link #type()}.
 */
public interface Engine {
    /** The Bacalhau engine type this runs, in canonical spelling. */
    String type();

    /**
     * Runs the task of {@code execution} to its end. Writes {@code stdout}, {@code stderr} and
     * {@code exitCode} into {@link ExecutionContext#resultsDir()} in Bacalhau's layout, and the
     * result paths as sub-directories named after them. A non-zero exit code is a normal return.
     * Must stop within seconds once {@link ExecutionContext#cancelled()} becomes true.
     *
     * @return the run output (summaries truncated to {@link RunOutput#SUMMARY_LIMIT} bytes)
     * @throws io.caravel.api.errors.CaravelException for a failure of the execution itself
     *     (image missing, trap, out of memory); its retryable flag says whether another node may succeed
     */
    RunOutput run(ExecutionContext execution) throws InterruptedException;
}
