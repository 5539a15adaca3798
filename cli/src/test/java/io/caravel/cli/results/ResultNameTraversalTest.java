package io.caravel.cli.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.caravel.activities.results.Archives;
import io.caravel.api.model.SpecConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An archive that holds an escaping entry (as a worker before the fix of issue 14, item 4, wrote
 * it, or a hostile one) still gives {@code job get} the good files; the publishing half is tested
 * in activities ({@code io.caravel.activities.results.ResultNameTraversalTest}).
 */
@Tag("security")
class ResultNameTraversalTest {
    @TempDir Path tmp;

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
