package io.caravel.activities.spi;

import io.caravel.api.model.InputSource;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.nio.file.Path;

/**
 * Fetches one kind of input source ({@code s3}, {@code ipfs}, {@code inline}, ...) onto the node.
 */
public interface InputSourceProvider {
    /** The Bacalhau source type this fetches, in canonical spelling. */
    String type();

    /**
     * Stages {@code source} under {@code scratchDir} (a directory owned by this execution) and says
     * where the task sees it.
     *
     * @throws io.caravel.api.errors.CaravelException when the data cannot be fetched; retryable for
     *     transient failures
     */
    StagedInput stage(InputSource source, Path scratchDir, ExecutionContext execution)
            throws InterruptedException;
}
