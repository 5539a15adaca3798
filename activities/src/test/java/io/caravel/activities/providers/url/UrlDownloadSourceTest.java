package io.caravel.activities.providers.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.cache.InputCache;
import io.caravel.activities.net.DestinationPolicy;
import io.caravel.activities.sources.SourceTests;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The urlDownload source against real HTTP servers on 127.0.0.1. */
@Timeout(60)
class UrlDownloadSourceTest {
    /**
     * The test servers listen on loopback, which a node fetches from only when its operator allows
     * it.
     */
    private static final DestinationPolicy LOOPBACK = DestinationPolicy.of(List.of("127.0.0.0/8"));

    @TempDir Path tmp;

    private final TestHttpServer server = newServer();
    private final CountDownLatch stalled = new CountDownLatch(1);

    @AfterEach
    void stop() {
        stalled.countDown();
        server.close();
    }

    @Test
    void aRedirectChainEndsInTheFileNamedByTheFinalPath() throws Exception {
        server.on("/first", (x, n) -> TestHttpServer.redirect(x, "/second"))
                .on(
                        "/second",
                        (x, n) -> TestHttpServer.redirect(x, server.url("/third.txt").toString()))
                .on("/third.txt", (x, n) -> TestHttpServer.send(x, 200, "third"));

        StagedInput staged = stage(source(InputCache.disabled(), 3), "/first", "/inputs");

        assertThat(Path.of(staged.hostPath())).hasFileName("third.txt").hasContent("third");
        assertThat(staged.target()).isEqualTo("/inputs/third.txt");
        assertThat(staged.readOnly()).isTrue();
        assertThat(staged.sizeBytes()).isEqualTo(5);
    }

    @Test
    void aRedirectLoopStopsAfterTenRedirectsAndIsNotRetried() {
        server.on("/loop", (x, n) -> TestHttpServer.redirect(x, "/loop"));

        assertThatThrownBy(() -> stage(source(InputCache.disabled(), 3), "/loop", "/in"))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REFUSED);
                            assertThat(e.getMessage()).contains("more than 10 redirects");
                        });
        assertThat(server.count("GET /loop")).isEqualTo(11);
    }

    @Test
    void afterARedirectContentDispositionNamesTheFileByItsBaseName() throws Exception {
        server.on("/cdn", (x, n) -> TestHttpServer.redirect(x, "/cdn/300/"))
                .on(
                        "/cdn/300/",
                        (x, n) -> {
                            x.getResponseHeaders()
                                    .add(
                                            "Content-Disposition",
                                            "attachment; filename*=UTF-8''..%2F..%2F300.jpg");
                            TestHttpServer.send(x, 200, "jpg");
                        })
                .on("/plain", (x, n) -> TestHttpServer.redirect(x, "/plain/300/"))
                .on("/plain/300/", (x, n) -> TestHttpServer.send(x, 200, "jpg"))
                .on(
                        "/direct/300.jpg",
                        (x, n) -> {
                            x.getResponseHeaders()
                                    .add(
                                            "Content-Disposition",
                                            "attachment; filename=\"other.jpg\"");
                            TestHttpServer.send(x, 200, "jpg");
                        });
        UrlDownloadSource source = source(InputCache.disabled(), 0);

        assertThat(Path.of(stage(source, "/cdn", "/in").hostPath())).hasFileName("300.jpg");
        assertThat(Path.of(stage(source, "/plain", "/in").hostPath())).hasFileName("300");
        assertThat(Path.of(stage(source, "/direct/300.jpg", "/in").hostPath()))
                .hasFileName("300.jpg");
    }

    @Test
    void aRootPathGetsARandomNameAndNoContentAnEmptyFile() throws Exception {
        server.on("/nothing.txt", (x, n) -> TestHttpServer.send(x, 204, ""))
                .on("/", (x, n) -> TestHttpServer.send(x, 200, "root"));
        UrlDownloadSource source = source(InputCache.disabled(), 0);

        StagedInput root = stage(source, "/", "/inputs");
        StagedInput empty = stage(source, "/nothing.txt", "/inputs");

        String name = Path.of(root.hostPath()).getFileName().toString();
        assertThat(UUID.fromString(name).toString()).isEqualTo(name);
        assertThat(root.target()).isEqualTo("/inputs/" + name);
        assertThat(Path.of(empty.hostPath())).hasFileName("nothing.txt").isEmptyFile();
    }

    @Test
    void aNotFoundIsFinalAndNotRetried() {
        server.on("/missing.csv", (x, n) -> TestHttpServer.send(x, 404, "no"));

        assertThatThrownBy(() -> stage(source(InputCache.disabled(), 3), "/missing.csv", "/in"))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REFUSED);
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage())
                                    .isEqualTo(
                                            "non-200 response from URL ("
                                                    + server.url("/missing.csv")
                                                    + "): 404");
                        });
        assertThat(server.count("GET /missing.csv")).isEqualTo(1);
    }

    @Test
    void serverErrorsAreRetriedUntilTheFileComes() throws Exception {
        server.on(
                "/initial",
                (x, n) -> TestHttpServer.send(x, n < 2 ? 500 : 200, n < 2 ? "down" : "finally"));

        StagedInput staged = stage(source(InputCache.disabled(), 3), "/initial", "/in");

        assertThat(Path.of(staged.hostPath())).hasFileName("initial").hasContent("finally");
        assertThat(server.count("GET /initial")).isEqualTo(3);
    }

    @Test
    void retriesUsedUpGiveARetryableFailure() {
        server.on("/flaky", (x, n) -> TestHttpServer.send(x, 503, "busy"));

        assertThatThrownBy(() -> stage(source(InputCache.disabled(), 2), "/flaky", "/in"))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE);
                            assertThat(e.retryable()).isTrue();
                            assertThat(e.getMessage()).contains("after 3 attempts").contains("503");
                        });
        assertThat(server.count("GET /flaky")).isEqualTo(3);
    }

    @Test
    void aRefusedConnectionIsRetriedThenReported() {
        UrlDownloadSource source = source(InputCache.disabled(), 1);
        assertThatThrownBy(
                        () ->
                                source.stage(
                                        SourceTests.input(
                                                "urlDownload",
                                                Map.of("URL", "http://127.0.0.1:9/data.csv"),
                                                "/in"),
                                        scratch(),
                                        SourceTests.context(tmp)))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE);
                            assertThat(e.getMessage())
                                    .contains("after 2 attempts")
                                    .contains("connection refused");
                        });
    }

    @Test
    void aServerThatStallsMidBodyHitsTheReadTimeout() throws IOException {
        server.on(
                "/slow.bin",
                (x, n) -> {
                    x.sendResponseHeaders(200, 1000);
                    try (OutputStream out = x.getResponseBody()) {
                        out.write(new byte[10]);
                        out.flush();
                        stalled.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });

        assertThatThrownBy(() -> stage(source(InputCache.disabled(), 0), "/slow.bin", "/in"))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE);
                            assertThat(e.getMessage()).contains("for 300 ms (the read timeout)");
                        });
        assertThat(filesUnderScratch()).isZero();
    }

    @Test
    void aServerThatNeverAnswersHitsTheReadTimeout() {
        server.on(
                "/silent",
                (x, n) -> {
                    try {
                        stalled.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });

        assertThatThrownBy(() -> stage(source(InputCache.disabled(), 0), "/silent", "/in"))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.getMessage()).contains("(the read timeout)"));
    }

    @Test
    void aCancelledExecutionStopsADownloadThatTheReadTimeoutNeverWould() throws Exception {
        CountDownLatch trickling = new CountDownLatch(5);
        // One byte every 100 ms: never silent for the 300 ms read timeout, 100 s for the whole
        // file.
        server.on(
                "/trickle.bin",
                (x, n) -> {
                    x.sendResponseHeaders(200, 1000);
                    try (OutputStream out = x.getResponseBody()) {
                        for (int i = 0; i < 1000 && stalled.getCount() > 0; i++) {
                            out.write(0);
                            out.flush();
                            trickling.countDown();
                            Thread.sleep(100);
                        }
                    } catch (InterruptedException | IOException e) {
                        // The client went away.
                    }
                });
        AtomicBoolean cancelled = new AtomicBoolean();
        Thread canceller =
                new Thread(
                        () -> {
                            try {
                                trickling.await();
                                cancelled.set(true);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
        canceller.start();

        assertThatThrownBy(
                        () ->
                                source(InputCache.disabled(), 0)
                                        .stage(
                                                SourceTests.input(
                                                        "urlDownload",
                                                        Map.of(
                                                                "URL",
                                                                server.url("/trickle.bin")
                                                                        .toString()),
                                                        "/in"),
                                                scratch(),
                                                SourceTests.context(tmp, cancelled::get)))
                .isInstanceOf(InterruptedException.class)
                .hasMessageContaining("/trickle.bin was stopped: the execution was cancelled");
        canceller.join();
        assertThat(filesUnderScratch()).isZero();
    }

    @Test
    void aCancelledExecutionStopsWaitingForTheNextRetry() {
        AtomicBoolean cancelled = new AtomicBoolean();
        server.on(
                "/down.csv",
                (x, n) -> {
                    cancelled.set(true);
                    TestHttpServer.send(x, 503, "");
                });
        // A back-off of an hour: only the cancellation can end the wait.
        UrlDownloadSource patient =
                new UrlDownloadSource(
                        InputCache.disabled(),
                        new HttpDownloader.Settings(
                                Duration.ofMillis(300),
                                1_000,
                                5,
                                Duration.ofHours(1),
                                UrlDownloadSource.MAX_REDIRECTS),
                        LOOPBACK);

        assertThatThrownBy(
                        () ->
                                patient.stage(
                                        SourceTests.input(
                                                "urlDownload",
                                                Map.of("URL", server.url("/down.csv").toString()),
                                                "/in"),
                                        scratch(),
                                        SourceTests.context(tmp, cancelled::get)))
                .isInstanceOf(InterruptedException.class)
                .hasMessageContaining("the execution was cancelled");
        assertThat(server.count("GET /down.csv")).isEqualTo(1);
    }

    @Test
    void aFileOverTheLimitIsRefusedWhetherItsLengthIsDeclaredOrNot() {
        server.on("/declared.bin", (x, n) -> TestHttpServer.send(x, 200, "x".repeat(2_000)))
                .on(
                        "/chunked.bin",
                        (x, n) -> {
                            x.sendResponseHeaders(200, 0);
                            try (OutputStream out = x.getResponseBody()) {
                                for (int i = 0; i < 20; i++) {
                                    out.write(new byte[100]);
                                    out.flush();
                                }
                            }
                        });

        for (String path : new String[] {"/declared.bin", "/chunked.bin"}) {
            assertThatThrownBy(() -> stage(source(InputCache.disabled(), 3), path, "/in"))
                    .isInstanceOfSatisfying(
                            CaravelException.class,
                            e -> {
                                assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_REFUSED);
                                assertThat(e.getMessage())
                                        .contains("larger than this node's limit of 1000 bytes");
                            });
            assertThat(server.count("GET " + path)).isEqualTo(1);
        }
    }

    @Test
    void aFileWithAStrongEtagIsFetchedOnceForTwoJobs() throws Exception {
        server.on(
                "/data.csv",
                (x, n) -> {
                    x.getResponseHeaders().add("ETag", "\"v1\"");
                    TestHttpServer.send(x, 200, "a,b\n1,2\n");
                });
        UrlDownloadSource source = source(InputCache.open(tmp.resolve("cache"), 1 << 20), 0);

        StagedInput first = stage(source, "/data.csv", "/in");
        StagedInput second = stage(source, "/data.csv", "/in");

        assertThat(server.count("GET /data.csv")).isEqualTo(1);
        assertThat(server.count("HEAD /data.csv")).isEqualTo(2);
        assertThat(Path.of(second.hostPath())).hasFileName("data.csv").hasContent("a,b\n1,2\n");
        assertThat(second.hostPath()).isNotEqualTo(first.hostPath());
        assertThat(second.target()).isEqualTo("/in/data.csv");
    }

    @Test
    void withoutAStrongEtagEveryJobDownloads() throws Exception {
        server.on(
                        "/weak.csv",
                        (x, n) -> {
                            x.getResponseHeaders().add("ETag", "W/\"v1\"");
                            TestHttpServer.send(x, 200, "weak");
                        })
                .on("/none.csv", (x, n) -> TestHttpServer.send(x, 200, "none"));
        UrlDownloadSource source = source(InputCache.open(tmp.resolve("cache"), 1 << 20), 0);

        for (int i = 0; i < 2; i++) {
            stage(source, "/weak.csv", "/in");
            stage(source, "/none.csv", "/in");
        }

        assertThat(server.count("GET /weak.csv")).isEqualTo(2);
        assertThat(server.count("GET /none.csv")).isEqualTo(2);
    }

    @Test
    void contentChangedBetweenHeadAndGetIsARetryableFailure() {
        server.on(
                "/moving.csv",
                (x, n) -> {
                    x.getResponseHeaders()
                            .add("ETag", x.getRequestMethod().equals("HEAD") ? "\"v1\"" : "\"v2\"");
                    TestHttpServer.send(x, 200, "new");
                });
        UrlDownloadSource source = source(InputCache.open(tmp.resolve("cache"), 1 << 20), 0);

        assertThatThrownBy(() -> stage(source, "/moving.csv", "/in"))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.REMOTE_UNAVAILABLE);
                            assertThat(e.getMessage()).contains("changed while it was fetched");
                        });
    }

    private UrlDownloadSource source(InputCache cache, int retries) {
        return new UrlDownloadSource(
                cache,
                new HttpDownloader.Settings(
                        Duration.ofMillis(300),
                        1_000,
                        retries,
                        Duration.ofMillis(10),
                        UrlDownloadSource.MAX_REDIRECTS),
                LOOPBACK);
    }

    private StagedInput stage(UrlDownloadSource source, String path, String target)
            throws Exception {
        return source.stage(
                SourceTests.input(
                        "urlDownload", Map.of("URL", server.url(path).toString()), target),
                scratch(),
                SourceTests.context(tmp));
    }

    /** A fresh scratch directory, as each execution's input has its own. */
    private Path scratch() throws IOException {
        return Files.createDirectories(
                tmp.resolve("scratch").resolve(UUID.randomUUID().toString()));
    }

    private long filesUnderScratch() throws IOException {
        try (var walk = Files.walk(tmp.resolve("scratch"))) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    private static TestHttpServer newServer() {
        try {
            return new TestHttpServer();
        } catch (IOException e) {
            throw new AssertionError("cannot start a test HTTP server on 127.0.0.1", e);
        }
    }
}
