package io.caravel.workers.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeIdsTest {
    @Test
    void hostNamesAreSanitized() {
        assertThat(NodeIds.sanitize("Worker_1.Example.COM")).isEqualTo("worker-1-example-com");
        assertThat(NodeIds.sanitize("--gpu--box--")).isEqualTo("gpu-box");
        assertThat(NodeIds.sanitize("ünïcode")).isEqualTo("n-code");
        assertThat(NodeIds.sanitize("***")).isEqualTo(NodeIds.FALLBACK);
        assertThat(NodeIds.sanitize(null)).isEqualTo(NodeIds.FALLBACK);
        assertThat(NodeIds.sanitize("a".repeat(62) + "-b")).isEqualTo("a".repeat(62));
    }

    @Test
    void validity() {
        assertThat(NodeIds.isValid("gpu-1")).isTrue();
        assertThat(NodeIds.isValid("a")).isTrue();
        assertThat(NodeIds.isValid("Gpu")).isFalse();
        assertThat(NodeIds.isValid("-a")).isFalse();
        assertThat(NodeIds.isValid("a".repeat(64))).isFalse();
        assertThat(NodeIds.isValid(NodeIds.fromHostName())).isTrue();
    }
}
