package io.caravel.api.providers.noop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.Problem;
import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The view of a type without params: the noop engine. */
class NoParamsSpecsTest {

    record View(
            String type,
            BiFunction<SpecConfig, Problems, Object> from,
            Function<SpecConfig, Object> decode,
            Function<Object, Map<String, Object>> toParams) {}

    static Stream<Arguments> views() {
        return Stream.of(
                view(
                        "noop engine",
                        new View(
                                "noop",
                                NoopEngineSpec::from,
                                NoopEngineSpec::decode,
                                v -> ((NoopEngineSpec) v).toParams())));
    }

    private static Arguments view(String name, View view) {
        return Arguments.of(Named.of(name, view));
    }

    @ParameterizedTest
    @MethodSource("views")
    void acceptsItsTypeInAnyCaseAndIgnoresParams(View view) {
        String type = " " + view.type().toUpperCase(Locale.ROOT) + " ";
        Object value = view.decode().apply(SpecConfig.of(type, Map.of("X", 1)));

        assertThat(view.toParams().apply(value)).isEmpty();
        assertThat(view.decode().apply(SpecConfig.of(view.type(), view.toParams().apply(value))))
                .isEqualTo(value);
    }

    @ParameterizedTest
    @MethodSource("views")
    void reportsAnotherTypeOrAMissingConfig(View view) {
        Problems problems = new Problems();
        assertThat(view.from().apply(SpecConfig.of("docker2"), problems.at("Engine"))).isNotNull();
        assertThat(view.from().apply(null, problems.at("Publisher"))).isNotNull();

        assertThat(problems.list())
                .extracting(Problem::path)
                .containsExactly("Engine.Type", "Publisher");
        assertThat(problems.list().get(0).message())
                .contains("expected '" + view.type() + "'", "'docker2'");
        assertThatThrownBy(() -> view.decode().apply(SpecConfig.of("other")))
                .isInstanceOf(CaravelException.class);
    }
}
