package io.caravel.activities.providers.noop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.SpecConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoopEngineTest {
    @Test
    void testParamsAreReadInAnyCase() {
        NoopEngine.Behaviour b =
                NoopEngine.Behaviour.of(
                        SpecConfig.of(
                                "NOOP",
                                Map.of(
                                        "sleep",
                                        2,
                                        "EXITCODE",
                                        7,
                                        "stdout",
                                        "hi",
                                        "Stderr",
                                        "oops")));

        assertThat(b).isEqualTo(new NoopEngine.Behaviour(2, 7, "hi", "oops"));
        assertThat(NoopEngine.Behaviour.of(SpecConfig.of("noop")))
                .isEqualTo(new NoopEngine.Behaviour(0, 0, "", ""));
    }

    @Test
    void badTestParamsAreSpecErrorsNamingEachField() {
        assertThatThrownBy(
                        () ->
                                NoopEngine.Behaviour.of(
                                        SpecConfig.of(
                                                "noop", Map.of("Sleep", -1, "ExitCode", "x"))))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.SPEC_INVALID);
                            assertThat(e.problems())
                                    .extracting(p -> p.path())
                                    .containsExactlyInAnyOrder(
                                            "Engine.Params.Sleep", "Engine.Params.ExitCode");
                        });
    }

    @Test
    void publisherPublishesNothing() {
        assertThat(new NoopPublisher().publish(null)).isEqualTo(SpecConfig.EMPTY);
        assertThat(new NoopPublisher().type()).isEqualTo("noop");
        assertThat(new NoopEngine().type()).isEqualTo("noop");
    }
}
