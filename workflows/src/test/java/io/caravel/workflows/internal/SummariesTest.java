package io.caravel.workflows.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummariesTest {
    @Test
    void formatsDurationsAsGoDoes() {
        assertThat(Summaries.duration(Duration.ofSeconds(2))).isEqualTo("2s");
        assertThat(Summaries.duration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Summaries.duration(Duration.ofHours(24))).isEqualTo("24h0m0s");
        assertThat(Summaries.duration(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Summaries.duration(Duration.ofMillis(1500))).isEqualTo("1.5s");
    }

    @Test
    void namesTheEngineAndItsImage() {
        Task docker =
                Task.builder()
                        .name("main")
                        .engine(SpecConfig.of("docker", Map.of("image", "busybox:1.36")))
                        .build();
        Task wasm = Task.builder().name("main").engine(SpecConfig.of("wasm")).build();
        assertThat(Summaries.engine(docker)).isEqualTo("run docker busybox:1.36");
        assertThat(Summaries.engine(wasm)).isEqualTo("run wasm");
    }
}
