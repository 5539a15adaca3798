package io.caravel.workers.results;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.node.ExecutionDirs;
import io.caravel.activities.providers.local.ResultsServerSettings;
import io.caravel.activities.providers.wasm.WasmEngine;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.model.Job;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workflows.activities.StagedInputs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real HTTP on 127.0.0.1, requests written byte for byte so that no client normalizes the path. */
class ResultsServerTest {
    @TempDir Path storage;

    private ResultsServer server;

    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private ResultsServer start(Optional<String> token) throws IOException {
        ResultsServerSettings settings =
                WorkerConfig.builder()
                        .nodeId("n1")
                        .resultsPort(0)
                        .resultsToken(token.orElse(null))
                        .build()
                        .results();
        server =
                ResultsServer.bind(
                        settings, storage.resolve("published"), new ExecutionDirs(storage));
        server.start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Response get(String rawPath, String authorization) throws IOException {
        try (Socket socket = new Socket(server.address().getAddress(), server.port())) {
            OutputStream out = socket.getOutputStream();
            String request =
                    "GET "
                            + rawPath
                            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                            + (authorization == null
                                    ? ""
                                    : "Authorization: " + authorization + "\r\n")
                            + "\r\n";
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] all = socket.getInputStream().readAllBytes();
            String head = new String(all, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(head.substring(9, 12));
            int bodyStart = head.indexOf("\r\n\r\n") + 4;
            return new Response(status, Arrays.copyOfRange(all, bodyStart, all.length));
        }
    }

    private byte[] publish(String executionId) throws IOException {
        byte[] archive = ("archive of " + executionId).getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(storage.resolve("published"));
        Files.write(storage.resolve("published").resolve(executionId + ".tar.gz"), archive);
        return archive;
    }

    @Test
    void bindsTheLoopbackByDefaultAndAdvertisesItsPort() throws IOException {
        start(Optional.empty());
        assertThat(server.address().getAddress()).isInstanceOf(Inet4Address.class);
        assertThat(server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(server.advertisedUrl()).isEqualTo("http://127.0.0.1:" + server.port());
    }

    @Test
    void servesAnArchiveByExecutionId() throws IOException {
        start(Optional.empty());
        byte[] archive = publish("e-1f2e.3_x-y");
        Response r = get("/results/e-1f2e.3_x-y.tar.gz", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(archive);
    }

    @Test
    @Timeout(60)
    void servesWhatARunningWasmModulePrintedBeforeItEnds() throws Exception {
        start(Optional.empty());
        ExecutionDirs.Dirs d = new ExecutionDirs(storage).create("e-live");
        // The wasm engine's test program activities/src/test/wasm/printloop.c: prints "started",
        // then loops.
        Path module =
                Path.of("../activities/src/test/resources/wasm/printloop.wasm")
                        .toAbsolutePath()
                        .normalize();
        Task task =
                Task.builder()
                        .name("main")
                        .engine(SpecConfig.of("wasm", Map.of("EntryModule", "/app/m.wasm")))
                        .build();
        Job job = Job.builder().id("j-live").name("live").type("batch").count(1).task(task).build();
        AtomicBoolean stopped = new AtomicBoolean();
        ExecutionContext context =
                new ExecutionContext(
                        job,
                        "e-live",
                        0,
                        "n1",
                        null,
                        d.root(),
                        d.results(),
                        d.logs(),
                        new StagedInputs(
                                List.of(
                                        new StagedInputs.StagedInput(
                                                module.toString(), "/app/m.wasm", true, 0))),
                        Map.of(),
                        message -> {},
                        stopped::get);
        CompletableFuture<RunOutput> run =
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return new WasmEngine().run(context);
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                        });
        try {
            Response r = get("/logs/e-live/stdout", null);
            while (!r.text().equals("started\n")) {
                assertThat(run).as("the module never ends by itself").isNotDone();
                Thread.sleep(20);
                r = get("/logs/e-live/stdout", null);
            }
            assertThat(r.status()).isEqualTo(200);
            assertThat(run).isNotDone();
        } finally {
            stopped.set(true);
        }
        assertThat(run.get().errorMsg()).isEqualTo("execution cancelled");
    }

    @Test
    void servesLogsFromTheExecutionDirectory() throws IOException {
        start(Optional.empty());
        ExecutionDirs.Dirs d = new ExecutionDirs(storage).create("e-run");
        Files.writeString(d.logs().resolve("stdout"), "line 1\nline 2\n");
        Files.writeString(d.results().resolve("stderr"), "from the results layout");

        assertThat(get("/logs/e-run/stdout", null).text()).isEqualTo("line 1\nline 2\n");
        assertThat(get("/logs/e-run/stdout?offset=7", null).text()).isEqualTo("line 2\n");
        assertThat(get("/logs/e-run/stderr", null).text()).isEqualTo("from the results layout");
        assertThat(get("/logs/e-run/exitCode", null).status()).isEqualTo(404);
        assertThat(get("/logs/e-other/stdout", null).status()).isEqualTo(404);
    }

    @Test
    void answersEverythingElseWith404AndReadsNothingOutside() throws IOException {
        start(Optional.empty());
        publish("e-1");
        Files.writeString(storage.resolve("secret.tar.gz"), "secret");
        Files.writeString(storage.resolve("published").resolve("notes.txt"), "not an archive");
        Files.createSymbolicLink(
                storage.resolve("published").resolve("e-link.tar.gz"),
                storage.resolve("secret.tar.gz"));
        ExecutionDirs.Dirs d = new ExecutionDirs(storage).create("e-run");
        Files.createSymbolicLink(d.logs().resolve("stdout"), storage.resolve("secret.tar.gz"));

        for (String path :
                new String[] {
                    "/results/../secret.tar.gz",
                    "/results/e-1/../../secret.tar.gz",
                    "/results/%2e%2e/secret.tar.gz",
                    "/results/%2E%2E%2Fsecret.tar.gz",
                    "/results/e-..%2fsecret.tar.gz",
                    "/results/e-...tar.gz",
                    "/results/e-1.tar.gz/",
                    "/results/e-1.tar.gz%00",
                    "/results/notes.txt",
                    "/results/e-unknown.tar.gz",
                    "/results/e-link.tar.gz",
                    "/logs/e-run/stdout",
                    "/logs/e-run/../../secret.tar.gz",
                    "/logs/..%2F..%2Fsecret.tar.gz/stdout",
                    "/",
                    "/results/",
                    "/results",
                    "/metrics",
                    "/secret.tar.gz",
                    "//results/e-1.tar.gz",
                    "/RESULTS/e-1.tar.gz"
                }) {
            Response r = get(path, null);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.text()).as(path).doesNotContain("secret");
        }
        assertThat(get("/results/e-1.tar.gz", null).status()).isEqualTo(200);
    }

    @Test
    void aTokenIsRequiredWhenConfigured() throws IOException {
        start(Optional.of("s3cret"));
        byte[] archive = publish("e-1");

        assertThat(get("/results/e-1.tar.gz", null).status()).isEqualTo(401);
        assertThat(get("/results/e-1.tar.gz", "Bearer wrong").status()).isEqualTo(401);
        assertThat(get("/results/e-1.tar.gz", "s3cret").status()).isEqualTo(401);
        assertThat(get("/results/unknown", null).status()).isEqualTo(401);
        Response ok = get("/results/e-1.tar.gz", "Bearer s3cret");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo(archive);
    }

    @Test
    void otherMethodsAre404() throws IOException {
        start(Optional.empty());
        publish("e-1");
        try (Socket socket = new Socket(server.address().getAddress(), server.port())) {
            socket.getOutputStream()
                    .write(
                            ("DELETE /results/e-1.tar.gz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                            + "\r\n")
                                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            assertThat(all.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 404");
        }
        assertThat(storage.resolve("published/e-1.tar.gz")).exists();
    }
}
