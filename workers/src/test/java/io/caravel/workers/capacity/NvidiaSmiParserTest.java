package io.caravel.workers.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NvidiaSmiParserTest {
    static String sample(String name) throws IOException {
        try (InputStream in =
                NvidiaSmiParserTest.class.getResourceAsStream("/nvidia-smi/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void oneH100() throws IOException {
        assertThat(NvidiaSmiParser.parse(sample("h100.csv")))
                .containsExactly(new GpuInfo(0, "NVIDIA H100 80GB HBM3", 81559));
    }

    @Test
    void eightA100s() throws IOException {
        var gpus = NvidiaSmiParser.parse(sample("a100x8.csv"));

        assertThat(gpus).hasSize(8);
        assertThat(gpus).extracting(GpuInfo::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(gpus)
                .allSatisfy(
                        g -> {
                            assertThat(g.model()).isEqualTo("NVIDIA A100-SXM4-80GB");
                            assertThat(g.memoryMiB()).isEqualTo(81920);
                        });
    }

    @Test
    void emptyOutputMeansNoGpus() throws IOException {
        assertThat(NvidiaSmiParser.parse(sample("empty.csv"))).isEmpty();
        assertThat(NvidiaSmiParser.parse(null)).isEmpty();
    }

    @Test
    void memoryTheDriverCannotReadIsZero() throws IOException {
        assertThat(NvidiaSmiParser.parse(sample("memory-not-available.csv")))
                .containsExactly(new GpuInfo(0, "NVIDIA A100-SXM4-40GB", 0));
    }

    @Test
    void aDriverErrorIsRefusedQuotingTheLine() throws IOException {
        assertThatThrownBy(() -> NvidiaSmiParser.parse(sample("driver-error.txt")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "nvidia-smi printed \"NVIDIA-SMI has failed because it couldn't communicate"
                                + " with the NVIDIA driver.")
                .hasMessageEndingWith("where a line \"index, name, memory.total\" was expected");
    }

    @Test
    void malformedLinesAreRefused() {
        assertThatThrownBy(() -> NvidiaSmiParser.parse("x, GPU, 100"))
                .hasMessageContaining("\"x, GPU, 100\"");
        assertThatThrownBy(() -> NvidiaSmiParser.parse("0, GPU, lots"))
                .hasMessageContaining("\"0, GPU, lots\"");
        assertThatThrownBy(() -> NvidiaSmiParser.parse("0, , 100"))
                .hasMessageContaining("\"0, , 100\"");
    }
}
