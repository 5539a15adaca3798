package io.caravel.cli.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.caravel.activities.results.Archives;
import io.caravel.activities.results.TarGz;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.SpecConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real HTTP on 127.0.0.1 serving archives written by {@link TarGz}. */
class ResultsDownloaderTest {
    @TempDir Path tmp;

    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final Map<String, String> authorization = new ConcurrentHashMap<>();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    try (exchange) {
                        String path = exchange.getRequestURI().getPath();
                        String auth = exchange.getRequestHeaders().getFirst("Authorization");
                        authorization.put(path, auth == null ? "" : auth);
                        byte[] body = served.get(path);
                        if (body == null) {
                            exchange.sendResponseHeaders(404, -1);
                            return;
                        }
                        exchange.sendResponseHeaders(200, body.length);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(body);
                        }
                    }
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private SpecConfig publish(String executionId, String stdout, Map<String, String> files)
            throws IOException {
        Path results = Files.createDirectories(tmp.resolve("node/" + executionId));
        Files.writeString(results.resolve("stdout"), stdout);
        Files.writeString(results.resolve("stderr"), "");
        Files.writeString(results.resolve("exitCode"), "0");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = results.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        Path archive = tmp.resolve("published/" + executionId + ".tar.gz");
        TarGz.write(results, archive);
        served.put("/results/" + executionId + ".tar.gz", Files.readAllBytes(archive));
        return SpecConfig.of(
                "urlDownload", Map.of("URL", base() + "/results/" + executionId + ".tar.gz"));
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void twoExecutionsAppendTheirStreamsAndMergeTheirFiles() throws Exception {
        SpecConfig first = publish("e-1", "one\n", Map.of("outputs/a.txt", "a"));
        SpecConfig second = publish("e-2", "two\n", Map.of("outputs/b.txt", "b"));
        Path out = tmp.resolve("job-j1");

        int n =
                ResultsDownloader.standard()
                        .download(List.of(first, SpecConfig.EMPTY, second), out, false);

        assertThat(n).isEqualTo(2);
        assertThat(out.resolve("stdout")).hasContent("one\ntwo\n");
        assertThat(Files.readString(out.resolve("exitCode"))).isEqualTo("00");
        assertThat(out.resolve("stderr")).isEmptyFile();
        assertThat(out.resolve("outputs/a.txt")).hasContent("a");
        assertThat(out.resolve("outputs/b.txt")).hasContent("b");
        assertThat(out.resolve("raw")).doesNotExist();
    }

    @Test
    void aClashingFileIsRefusedNamingIt() throws Exception {
        SpecConfig first = publish("e-1", "one\n", Map.of("outputs/same.txt", "a"));
        SpecConfig second = publish("e-2", "two\n", Map.of("outputs/same.txt", "b"));
        Path out = tmp.resolve("job-j1");

        assertThatThrownBy(
                        () ->
                                ResultsDownloader.standard()
                                        .download(List.of(first, second), out, false))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.OUTPUT_EXISTS))
                .hasMessage(
                        "cannot merge results as output already exists: "
                                + out.resolve("outputs/same.txt"));
        assertThat(out.resolve("outputs/same.txt")).hasContent("a");
    }

    @Test
    void rawIsKeptWhenAskedAndTheTokenIsSent() throws Exception {
        SpecConfig result = publish("e-1", "hi", Map.of());
        Path out = tmp.resolve("job-j1");

        ResultsDownloader.standard().withBearerToken("s3cret").download(List.of(result), out, true);

        assertThat(authorization).containsEntry("/results/e-1.tar.gz", "Bearer s3cret");
        assertThat(out.resolve("stdout")).hasContent("hi");
        assertThat(out.resolve("raw")).isDirectory();
        assertThat(Files.list(out.resolve("raw")).map(p -> p.getFileName().toString()))
                .contains("127.0.0.1_" + server.getAddress().getPort() + "_results_e-1.tar.gz");
    }

    @Test
    void otherResultTypesAreUnsupportedBeforeAnythingIsFetched() throws Exception {
        SpecConfig local = publish("e-1", "hi", Map.of());
        SpecConfig managed = SpecConfig.of("s3managed", Map.of("Bucket", "b", "Key", "k"));
        Path out = tmp.resolve("job-j1");

        assertThatThrownBy(
                        () ->
                                ResultsDownloader.standard()
                                        .download(List.of(local, managed), out, false))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE))
                .hasMessageContaining("type s3managed");
        assertThat(authorization).isEmpty();
        assertThat(out).doesNotExist();
    }

    @Test
    void aMissingArchiveFailsNamingTheUrlAndStatus() {
        SpecConfig gone =
                SpecConfig.of("urlDownload", Map.of("URL", base() + "/results/e-9.tar.gz"));
        assertThatThrownBy(
                        () ->
                                ResultsDownloader.standard()
                                        .download(List.of(gone), tmp.resolve("o"), false))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DOWNLOAD_FAILED))
                .hasMessageContaining(base() + "/results/e-9.tar.gz")
                .hasMessageContaining("HTTP 404");
    }

    @Test
    void aMaliciousArchiveIsRefused() throws Exception {
        served.put(
                "/results/e-1.tar.gz",
                new Archives().file("stdout", "x").symlink("escape", "../..").bytes());
        SpecConfig result =
                SpecConfig.of("urlDownload", Map.of("URL", base() + "/results/e-1.tar.gz"));
        Path out = tmp.resolve("job-j1");
        assertThatThrownBy(() -> ResultsDownloader.standard().download(List.of(result), out, false))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_ARCHIVE));
        assertThat(out.resolve("escape")).doesNotExist();
        assertThat(out.resolve("stdout")).doesNotExist();
    }
}
