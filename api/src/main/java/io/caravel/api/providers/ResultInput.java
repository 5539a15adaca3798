package io.caravel.api.providers;

import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.ParamsReader;

/**
 * How a published result of one type is read back as the input source of another job (job
 * composition). Implementations are pure functions of the published params: workflow code calls
 * them, so they must be deterministic (no I/O, no clock, no randomness).
 */
@FunctionalInterface
public interface ResultInput {
    /** The input source spec that reads back the result {@code published} describes. */
    SpecConfig toSource(ParamsReader published);
}
