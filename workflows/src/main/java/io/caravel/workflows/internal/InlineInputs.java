package io.caravel.workflows.internal;

import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.params.SpecTypes;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The params of a job's inline input sources: read, and changed in a copy of the job. */
final class InlineInputs {
    private InlineInputs() {}

    /** The params of each inline input source of every task, in order. */
    static List<Map<String, Object>> params(Job job) {
        return job.tasks().stream()
                .flatMap(t -> t.inputSources().stream())
                .filter(InlineInputs::isInline)
                .map(i -> i.source().params())
                .toList();
    }

    /** {@code job} with {@code change} applied to the params of each inline input source. */
    static Job withParams(Job job, UnaryOperator<Map<String, Object>> change) {
        return job.toBuilder()
                .tasks(
                        job.tasks().stream()
                                .map(
                                        t ->
                                                t.toBuilder()
                                                        .inputSources(
                                                                t.inputSources().stream()
                                                                        .map(
                                                                                i ->
                                                                                        withParams(
                                                                                                i,
                                                                                                change))
                                                                        .toList())
                                                        .build())
                                .toList())
                .build();
    }

    private static InputSource withParams(
            InputSource input, UnaryOperator<Map<String, Object>> change) {
        if (!isInline(input)) {
            return input;
        }
        return new InputSource(
                input.source().withParams(change.apply(input.source().params())),
                input.alias(),
                input.target());
    }

    private static boolean isInline(InputSource input) {
        return input.source() != null && SpecTypes.SOURCE_INLINE.equals(input.source().typeKey());
    }
}
