package io.caravel.activities.providers.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.TestJobs;
import io.caravel.activities.results.SafeExtractor;
import io.caravel.activities.results.TarGzTest;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.model.SpecConfig;
import io.caravel.workflows.activities.StagedInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPublisherTest {
    @TempDir Path tmp;

    private ExecutionContext context(String executionId, Path results) {
        return new ExecutionContext(
                TestJobs.noopJob(),
                executionId,
                0,
                "node-1",
                null,
                tmp,
                results,
                tmp.resolve("logs"),
                StagedInputs.NONE,
                Map.of(),
                m -> {},
                () -> false);
    }

    @Test
    void writesTheArchiveAndAnswersWithItsUrl() throws Exception {
        Path results = Files.createDirectories(tmp.resolve("results"));
        Files.writeString(results.resolve("stdout"), "hi");
        Files.writeString(results.resolve("exitCode"), "0");
        Path publishDir = tmp.resolve("published");

        SpecConfig published =
                new LocalPublisher(publishDir, "http://10.0.0.5:6001/")
                        .publish(context("e-abc", results));

        assertThat(published)
                .isEqualTo(
                        SpecConfig.of(
                                "urlDownload",
                                Map.of("URL", "http://10.0.0.5:6001/results/e-abc.tar.gz")));
        Path out = tmp.resolve("out");
        new SafeExtractor().extract(publishDir.resolve("e-abc.tar.gz"), out);
        assertThat(TarGzTest.tree(out)).isEqualTo(TarGzTest.tree(results));
        assertThat(Files.list(publishDir)).containsExactly(publishDir.resolve("e-abc.tar.gz"));
    }

    @Test
    void refusesAnExecutionIdThatIsNotAFileName() {
        assertThatThrownBy(
                        () ->
                                new LocalPublisher(tmp, "http://x")
                                        .publish(context("e-../../x", tmp)))
                .isInstanceOf(CaravelException.class);
    }
}
