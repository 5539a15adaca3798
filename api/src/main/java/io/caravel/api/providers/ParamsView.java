package io.caravel.api.providers;

import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The typed view of one type's params: {@code from} reads and checks them (recording every problem
 * in the collector it is given), {@code toParams} writes them back in canonical PascalCase.
 *
 * @param <T> the spec record
 */
public record ParamsView<T>(
        BiFunction<SpecConfig, Problems, T> from, Function<T, Map<String, Object>> toParams) {

    /** Adds the problems of {@code c}'s params to {@code at} (which points at the SpecConfig). */
    public void check(SpecConfig c, Problems at) {
        // Reading the params records their problems in at; the view itself is not needed here.
        var unused = from.apply(c, at);
    }

    /** {@code c} with canonical params when its params are valid; otherwise {@code c} unchanged. */
    public SpecConfig canonical(SpecConfig c) {
        Problems problems = new Problems();
        T value = from.apply(c, problems);
        return problems.isEmpty() ? c.withParams(toParams.apply(value)) : c;
    }
}
