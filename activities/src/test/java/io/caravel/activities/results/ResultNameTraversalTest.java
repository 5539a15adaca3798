package io.caravel.activities.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.TestJobs;
import io.caravel.activities.providers.local.LocalPublisher;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.SpecConfig;
import io.caravel.workflows.activities.StagedInputs;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's file names become archive entries as they are, or fail the publish (issue 14, item 4);
 * that an archive which does hold an escaping entry still gives {@code job get} the good files is
 * tested with the downloader, in the CLI ({@code io.caravel.cli.results.ResultNameTraversalTest}).
 */
@Tag("security")
class ResultNameTraversalTest {
    @TempDir Path tmp;

    private Path results(String extraName) throws Exception {
        Path results = Files.createDirectories(tmp.resolve("results"));
        Files.writeString(results.resolve("stdout"), "mine");
        Files.writeString(results.resolve("exitCode"), "0");
        Files.createDirectories(results.resolve("outputs"));
        Files.writeString(results.resolve("outputs/good.txt"), "good");
        Files.writeString(results.resolve("outputs").resolve(extraName), "extra");
        return results;
    }

    private SpecConfig publish(Path publishDir, Path results) {
        ExecutionContext context =
                new ExecutionContext(
                        TestJobs.noopJob(),
                        "e-1",
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
        return new LocalPublisher(publishDir, "http://127.0.0.1:1").publish(context);
    }

    private static List<String> entries(Path archive) throws Exception {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    @Test
    void aBackslashDotDotNameFailsTheLocalPublishNamingItAndLeavesNoArchive() throws Exception {
        Path publishDir = Files.createDirectories(tmp.resolve("published"));

        assertThatThrownBy(() -> publish(publishDir, results("..\\..\\..\\other-job\\stdout")))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_NAME);
                            assertThat(e.retryable()).isFalse();
                        })
                .hasMessageContaining("\"outputs/..\\..\\..\\other-job\\stdout\"");
        assertThat(Files.list(publishDir)).isEmpty();
    }

    @Test
    void aBackslashIsArchivedAsItIsAndComesBackAsItIs() throws Exception {
        Path publishDir = tmp.resolve("published");
        publish(publishDir, results("a\\b.txt"));

        Path archive = publishDir.resolve("e-1.tar.gz");
        assertThat(entries(archive))
                .containsExactly(
                        "exitCode", "outputs/", "outputs/a\\b.txt", "outputs/good.txt", "stdout");
        Path out = tmp.resolve("out");
        assertThat(new SafeExtractor().extract(archive, out)).isEmpty();
        assertThat(out.resolve("outputs").resolve("a\\b.txt")).hasContent("extra");
    }
}
