package io.caravel.workers.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs fake {@code nvidia-smi} scripts placed on a private PATH. */
class NvidiaSmiProbeTest {
    @TempDir Path bin;

    private void fakeTool(String body) throws IOException {
        Path tool = bin.resolve(NvidiaSmiProbe.COMMAND);
        Files.writeString(tool, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private NvidiaSmiProbe probe(Duration timeout) {
        return new NvidiaSmiProbe("/nonexistent:" + bin, timeout);
    }

    @Test
    void readsWhatTheToolPrintsForTheQuery() throws IOException {
        Path sample = bin.resolve("a100x8.csv");
        Files.writeString(sample, NvidiaSmiParserTest.sample("a100x8.csv"));
        // The fake answers only the exact query the probe must send.
        fakeTool(
                "[ \"$1 $2\" = \"--query-gpu=index,name,memory.total --format=csv,noheader,nounits\" ] || exit 2\n"
                        + "cat '"
                        + sample
                        + "'");

        assertThat(probe(Duration.ofSeconds(30)).detect())
                .hasSize(8)
                .first()
                .isEqualTo(new GpuInfo(0, "NVIDIA A100-SXM4-80GB", 81920));
    }

    @Test
    void noToolOnThePathMeansNoGpus() {
        assertThat(new NvidiaSmiProbe(bin.toString(), Duration.ofSeconds(1)).detect()).isEmpty();
        assertThat(new NvidiaSmiProbe("", Duration.ofSeconds(1)).detect()).isEmpty();
    }

    @Test
    void aFailingDriverMeansNoGpus() throws IOException {
        fakeTool(
                "echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\"\nexit 9");

        assertThat(probe(Duration.ofSeconds(30)).detect()).isEmpty();
    }

    @Test
    void unreadableOutputWithExitZeroMeansNoGpus() throws IOException {
        fakeTool("echo 'No devices were found, or something new'");

        assertThat(probe(Duration.ofSeconds(30)).detect()).isEmpty();
    }

    @Test
    @Timeout(30)
    void aHangingToolIsKilledAfterTheTimeout() throws IOException {
        fakeTool("exec sleep 600");

        assertThat(probe(Duration.ofMillis(300)).detect()).isEmpty();
    }
}
