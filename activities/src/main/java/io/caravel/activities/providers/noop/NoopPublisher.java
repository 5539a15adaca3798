package io.caravel.activities.providers.noop;

import io.caravel.activities.spi.ExecutionContext;
import io.caravel.activities.spi.Publisher;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.SpecTypes;

/**
 * The {@code noop} publisher: publishes nothing, so the result is {@link SpecConfig#EMPTY}, as in
 * Bacalhau.
 */
public final class NoopPublisher implements Publisher {
    @Override
    public String type() {
        return SpecTypes.PUBLISHER_NOOP;
    }

    @Override
    public SpecConfig publish(ExecutionContext execution) {
        return SpecConfig.EMPTY;
    }
}
