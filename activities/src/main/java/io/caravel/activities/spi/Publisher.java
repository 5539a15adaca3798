package io.caravel.activities.spi;

import io.caravel.api.model.SpecConfig;

/**
 * Publishes an execution's results directory ({@code s3}, {@code ipfs}, {@code local}, {@code
 * noop}).
 */
public interface Publisher {
    /** The Bacalhau publisher type, in canonical spelling. */
    String type();

    /**
     * Publishes {@link ExecutionContext#resultsDir()}.
     *
     * @return where the results went, as Bacalhau describes it; {@link SpecConfig#EMPTY} for none
     * @throws io.caravel.api.errors.CaravelException when publishing fails
     */
    SpecConfig publish(ExecutionContext execution) throws InterruptedException;
}
