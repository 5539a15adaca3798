package io.caravel.activities.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.caravel.activities.TestJobs;
import io.caravel.activities.providers.local.LocalPublisher;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.SpecConfig;
import io.caravel.workflows.activities.StagedInputs;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * A job's file names become archive entries as they are, or fail the publish; an archive that does
 * hold an escaping entry still gives {@code job get} the good files (issue 14, item 4).
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

    /**
     * An archive as a worker before the fix wrote it (or a hostile one): job get keeps the good
     * files.
     */
    @Test
    void jobGetOfAnArchiveWithEscapingEntriesStillGetsTheGoodFiles() throws Exception {
        byte[] archive =
                new Archives()
                        .file("exitCode", "0")
                        .file("stdout", "mine")
                        .dir("outputs")
                        .file("outputs/good.txt", "good")
                        .dir("outputs/../../..")
                        .file("outputs/../../../other-job/stdout", "overwritten")
                        .bytes();
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/results/e-1.tar.gz",
                exchange -> {
                    try (exchange) {
                        exchange.sendResponseHeaders(200, archive.length);
                        exchange.getResponseBody().write(archive);
                    }
                });
        server.start();
        Path jobs = Files.createDirectories(tmp.resolve("a/b/c"));
        Path out = jobs.resolve("job-1");
        List<String> warnings = new ArrayList<>();
        try {
            SpecConfig published =
                    SpecConfig.of(
                            "urlDownload",
                            Map.of(
                                    "URL",
                                    "http://127.0.0.1:"
                                            + server.getAddress().getPort()
                                            + "/results/e-1.tar.gz"));
            assertThat(
                            ResultsDownloader.standard()
                                    .withWarnings(warnings::add)
                                    .download(List.of(published), out, false))
                    .isEqualTo(1);
        } finally {
            server.stop(0);
        }

        assertThat(out.resolve("stdout")).hasContent("mine");
        assertThat(out.resolve("outputs/good.txt")).hasContent("good");
        assertThat(warnings)
                .hasSize(2)
                .allSatisfy(
                        w ->
                                assertThat(w)
                                        .contains("outputs/../../..")
                                        .contains("/results/e-1.tar.gz"));
        try (var all = Files.walk(tmp)) {
            assertThat(all.filter(p -> p.getFileName().toString().equals("other-job"))).isEmpty();
        }
    }
}
