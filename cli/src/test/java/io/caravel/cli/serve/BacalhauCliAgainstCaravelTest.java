package io.caravel.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.providers.local.ResultsServerSettings;
import io.caravel.cli.Connection;
import io.caravel.cli.JobLogStreams;
import io.caravel.cli.SelfSignedPem;
import io.caravel.workers.WorkerProcess;
import io.caravel.workers.assembly.BuiltinProviders;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.results.PemServerTls;
import io.caravel.workers.tls.TemporalTls;
import io.caravel.workflows.OrchestrationSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bacalhau's own CLI against {@code caravel serve}'s API server, a real worker and the Temporal dev
 * server of {@code scripts/temporal-dev.sh}: each command's output and exit code. Docker jobs run
 * the local test image of {@code scripts/docker-dev.sh}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BacalhauCliAgainstCaravelTest {
    private static final String ADDRESS =
            System.getenv().getOrDefault("CARAVEL_TEST_TEMPORAL_ADDRESS", "127.0.0.1:7233");
    private static final String IMAGE =
            System.getenv().getOrDefault("CARAVEL_TEST_IMAGE", "caravel-test/busybox:1");
    private static final Pattern JOB_ID = Pattern.compile("j-[0-9a-f]{8}-[0-9a-f-]{27}");

    @TempDir static Path dir;

    private final String nodeId = "api-" + UUID.randomUUID().toString().substring(0, 8);
    private WorkerProcess worker;
    private Connection connection;
    private ApiServer server;
    private BacalhauCli bacalhau;

    @BeforeAll
    void start() throws IOException {
        String[] hostPort = ADDRESS.split(":");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2_000);
        } catch (IOException e) {
            throw new AssertionError(
                    "no Temporal server at " + ADDRESS + "; start one with scripts/temporal-dev.sh",
                    e);
        }
        WorkerConfig config =
                WorkerConfig.builder()
                        .temporalAddress(ADDRESS)
                        .nodeId(nodeId)
                        .capacityGpus("0")
                        .engines(List.of("noop", "wasm", "docker"))
                        .storageDir(dir.resolve("worker"))
                        .searchAttributes(true)
                        .resultsPort(0)
                        .heartbeatInterval(Duration.ofMillis(500))
                        .build();
        worker =
                WorkerProcess.start(
                        config, BuiltinProviders.assembly(OrchestrationSettings.DEFAULTS));
        connection = Connection.open(ADDRESS, "default", TemporalTls.OFF);
        server =
                ApiServer.start(
                        new ApiServer.Settings("127.0.0.1", 0, Optional.empty()),
                        connection.client(),
                        JobLogStreams.of(connection.client(), null));
        bacalhau = BacalhauCli.at(server.port(), dir.resolve("home"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (connection != null) {
            connection.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void agentAliveAndVersion() throws Exception {
        BacalhauCli.Result alive = bacalhau.run("agent", "alive");
        assertThat(alive.code()).as(alive.toString()).isZero();
        assertThat(alive.out()).contains("Status: OK");
        BacalhauCli.Result version = bacalhau.run("agent", "version");
        assertThat(version.code()).as(version.toString()).isZero();
        assertThat(version.out()).contains("v1.9.3+caravel.");
    }

    @Test
    void dockerRunWaitsForTheJobAndEveryJobVerbReadsIt() throws Exception {
        BacalhauCli.Result run =
                bacalhau.run("docker", "run", IMAGE, "--", "echo", "hello-from-bacalhau");
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out())
                .contains("Job successfully submitted. Job ID: j-")
                .contains("Job submitted")
                .contains("completed with exit code 0")
                .doesNotContain("Error");
        String id = jobId(run.out());
        String shortId = id.substring(0, 10);

        BacalhauCli.Result describe = bacalhau.run("job", "describe", shortId);
        assertThat(describe.code()).as(describe.toString()).isZero();
        assertThat(describe.out())
                .contains("ID            = " + id)
                .contains("State         = Completed")
                .contains("Type          = batch")
                .contains("Standard Output")
                .contains("hello-from-bacalhau");

        BacalhauCli.Result executions = bacalhau.run("job", "executions", id);
        assertThat(executions.code()).as(executions.toString()).isZero();
        assertThat(executions.out()).contains(nodeId).contains("Completed");

        BacalhauCli.Result history = bacalhau.run("job", "history", id);
        assertThat(history.code()).as(history.toString()).isZero();
        assertThat(history.out())
                .contains("Job submitted")
                .contains("ExecutionLevel")
                .contains("placed on node " + nodeId);

        BacalhauCli.Result list = bacalhau.run("job", "list", "--limit", "100");
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out()).contains(shortId).contains("docker").contains("Completed");
    }

    @Test
    void dockerRunWithoutWaitingPrintsTheIdAndJobStopStopsIt() throws Exception {
        BacalhauCli.Result run =
                bacalhau.run(
                        "docker", "run", "--id-only", "--wait=false", IMAGE, "--", "sleep", "60");
        assertThat(run.code()).as(run.toString()).isZero();
        String id = jobId(run.out());
        assertThat(run.out().strip().lines().reduce((first, last) -> last))
                .as(
                        "--id-only prints the ID last (notes"
                                + " of the CLI's first run in a fresh BACALHAU_DIR come before it)")
                .contains(id);
        assertThat(run.out()).doesNotContain("Job successfully submitted");

        BacalhauCli.Result stop = bacalhau.run("job", "stop", id);
        assertThat(stop.code()).as(stop.toString()).isZero();
        assertThat(stop.out()).contains("Job stop successfully submitted");
        assertThat(bacalhau.run("job", "describe", id).out()).contains("State         = Stopped");

        BacalhauCli.Result again = bacalhau.run("job", "stop", id);
        assertThat(again.code()).as(again.toString()).isEqualTo(1);
        assertThat(again.out()).contains("Job is already in a terminal state.").contains("Stopped");
    }

    @Test
    void jobRunOfAFileAndItsNameAsTheKey() throws Exception {
        String name = "api-noop-" + UUID.randomUUID().toString().substring(0, 8);
        Path spec =
                Files.writeString(
                        dir.resolve(name + ".yaml"),
                        "Name: "
                                + name
                                + "\nType: batch\nCount: 1\n"
                                + "Tasks:\n  - Name: main\n    Engine:\n      Type: noop\n");
        BacalhauCli.Result run = bacalhau.run("job", "run", spec.toString());
        assertThat(run.code()).as(run.toString()).isZero();
        String id = jobId(run.out());

        BacalhauCli.Result byName = bacalhau.run("job", "describe", name);
        assertThat(byName.code()).as(byName.toString()).isZero();
        assertThat(byName.out())
                .contains("ID            = " + id)
                .contains("State         = Completed");

        BacalhauCli.Result unchanged = bacalhau.run("job", "run", spec.toString());
        assertThat(unchanged.code()).as(unchanged.toString()).isEqualTo(1);
        assertThat(unchanged.out()).contains("no changes detected for new job spec").contains(id);

        BacalhauCli.Result forced = bacalhau.run("job", "run", "--force", spec.toString());
        assertThat(forced.code()).as(forced.toString()).isZero();
        assertThat(jobId(forced.out())).isEqualTo(id);
        assertThat(bacalhau.run("job", "describe", id).out()).contains("Version       = 2");

        BacalhauCli.Result rerun = bacalhau.run("job", "rerun", name);
        assertThat(rerun.code()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).contains(id);
        assertThat(bacalhau.run("job", "describe", id).out())
                .contains("Version       = 3")
                .contains("State         = Completed");
    }

    @Test
    void jobLogsFollowsARunningJobAndPrintsAnEndedOnesOutput() throws Exception {
        BacalhauCli.Result run =
                bacalhau.run(
                        "docker",
                        "run",
                        "--id-only",
                        "--wait=false",
                        IMAGE,
                        "--",
                        "sh",
                        "-c",
                        "echo first; sleep 2; echo second >&2; echo third");
        assertThat(run.code()).as(run.toString()).isZero();
        String id = jobId(run.out());

        BacalhauCli.Result follow = bacalhau.run("job", "logs", "--follow", id);
        assertThat(follow.code()).as(follow.toString()).isZero();
        assertThat(follow.out()).contains("first\n").contains("second\n").contains("third\n");

        BacalhauCli.Result ended = bacalhau.run("job", "logs", id.substring(0, 10));
        assertThat(ended.code()).as(ended.toString()).isZero();
        assertThat(ended.out()).contains("first\n").contains("third\n");

        BacalhauCli.Result unknown = bacalhau.run("job", "logs", "no-such-job");
        assertThat(unknown.code()).as(unknown.toString()).isEqualTo(1);
        assertThat(unknown.out()).contains("job not found: no-such-job");
    }

    @Test
    void bacalhausOwnTestdataJobsAndWasmRun() throws Exception {
        Path testdata = BacalhauCli.testdata();
        for (String file : List.of("noop.yaml", "wasm.yaml")) {
            // --force: the Name is the key, and these jobs keep their Names from run to run.
            BacalhauCli.Result run =
                    bacalhau.run("job", "run", "--force", testdata.resolve(file).toString());
            assertThat(run.code()).as(file + ": " + run).isZero();
            assertThat(run.out())
                    .contains("Job successfully submitted. Job ID: j-")
                    .doesNotContain("Error");
            assertThat(bacalhau.run("job", "describe", jobId(run.out())).out())
                    .as(file)
                    .contains("State         = Completed");
        }
        Path module =
                Path.of(
                        System.getenv().getOrDefault("CARAVEL_TEST_REPO_ROOT", ".."),
                        "examples",
                        "wasm",
                        "hello-world.wasm");
        BacalhauCli.Result wasm = bacalhau.run("wasm", "run", module.toString());
        assertThat(wasm.code()).as(wasm.toString()).isZero();
        BacalhauCli.Result describe = bacalhau.run("job", "describe", jobId(wasm.out()));
        assertThat(describe.out())
                .contains("State         = Completed")
                .contains("hello, world, from a WASM module run by Caravel");
    }

    @Test
    void bacalhausPythonClientSubmitsListsGetsAndStops() throws Exception {
        String state =
                System.getenv()
                        .getOrDefault(
                                "CARAVEL_STATE_DIR", System.getProperty("user.home") + "/.caravel");
        Path python = Path.of(state, "py-bacalhau", "bin", "python");
        assertThat(python)
                .as("Bacalhau's Python client; install it with scripts/bacalhau-py-dev.sh install")
                .isExecutable();
        Path script =
                Path.of(
                        System.getenv().getOrDefault("CARAVEL_TEST_REPO_ROOT", ".."),
                        "scripts",
                        "python",
                        "bacalhau_client_check.py");
        Process p =
                new ProcessBuilder(
                                python.toString(),
                                script.toString(),
                                "http://127.0.0.1:" + server.port())
                        .redirectErrorStream(true)
                        .start();
        String out =
                new String(
                        p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out)
                .containsPattern("submitted j-[0-9a-f-]{36}\n")
                .contains("state Completed\n")
                .contains("stdout hello from python\n")
                .contains("listed True\n")
                .contains("stopped Stopped\n");
    }

    @Test
    void jobGetDownloadsWhatTheLocalPublisherPublished() throws Exception {
        BacalhauCli.Result run =
                bacalhau.run(
                        "docker",
                        "run",
                        "--id-only",
                        "-p",
                        "local",
                        "-o",
                        "outputs:/outputs",
                        IMAGE,
                        "--",
                        "sh",
                        "-c",
                        "echo kept > /outputs/r.txt; echo got-it");
        assertThat(run.code()).as(run.toString()).isZero();
        String id = jobId(run.out());
        Path into = Files.createDirectories(dir.resolve("get-" + id));
        BacalhauCli.Result get = bacalhau.run("job", "get", id, "--output-dir", into.toString());
        assertThat(get.code()).as(get.toString()).isZero();
        assertThat(Files.readString(into.resolve("stdout"))).isEqualTo("got-it\n");
        assertThat(Files.readString(into.resolve("exitCode")).strip()).isEqualTo("0");
        assertThat(Files.readString(into.resolve("outputs").resolve("r.txt"))).isEqualTo("kept\n");
    }

    @Test
    void nodeListShowsTheWorker() throws Exception {
        BacalhauCli.Result nodes = bacalhau.run("node", "list");
        assertThat(nodes.code()).as(nodes.toString()).isZero();
        assertThat(nodes.out())
                .contains(nodeId)
                .contains("Compute")
                .contains("APPROVED")
                .contains("CONNECTED");
    }

    @Test
    void anUnknownJobIsNotFound() throws Exception {
        BacalhauCli.Result describe =
                bacalhau.run("job", "describe", "j-00000000-0000-4000-8000-000000000000");
        assertThat(describe.code()).as(describe.toString()).isEqualTo(1);
        assertThat(describe.out()).contains("job not found");

        HttpResponse<String> raw = get("/api/v1/orchestrator/jobs/no-such-job");
        assertThat(raw.statusCode()).isEqualTo(404);
        assertThat(raw.body())
                .contains("\"Status\":404")
                .contains("\"Code\":\"NotFound\"")
                .contains("\"Message\":\"job not found: no-such-job");
    }

    @Test
    void badRequestsAreBacalhausErrorBodiesNamingWhatIsWrong() throws Exception {
        assertError(
                get("/api/v1/orchestrator/jobs?limit=lots"),
                400,
                "BadRequest",
                "limit: \\\"lots\\\" is not a page size");
        assertError(
                get("/api/v1/orchestrator/nodes?limit=1001"),
                400,
                "BadRequest",
                "limit: 1001 is above the largest page, 1000");
        assertError(
                get("/api/v1/orchestrator/jobs?labels=a%20in%20(b"), 400, "BadRequest", "labels: ");
        assertError(
                get("/api/v1/orchestrator/jobs?order_by=name"),
                400,
                "BadRequest",
                "order_by: \\\"name\\\" is not supported");
        assertError(
                get("/api/v1/orchestrator/nodes?filter-status=sleepy"),
                400,
                "BadRequest",
                "filter-status: \\\"sleepy\\\" is not connected or disconnected");
        assertError(
                get("/api/v1/no/such/thing"),
                404,
                "NotFound",
                "no such endpoint: GET /api/v1/no/such/thing");
        assertError(
                put("/api/v1/orchestrator/jobs", "{\"Force\": true}"),
                400,
                "BadRequest",
                "Job: the request has no job");
        assertError(
                put("/api/v1/orchestrator/jobs", "not json"),
                400,
                "BadRequest",
                "the request body is not JSON");
        HttpResponse<String> invalid =
                put(
                        "/api/v1/orchestrator/jobs",
                        "{\"Job\": {\"Type\": \"batch\", \"Tasks\": [{\"Name\": \"main\", \"Engine\": {\"Type\": \"docker\"}}]}}");
        assertError(invalid, 400, "ValidationError", "Tasks[0].Engine");
        assertError(
                put("/api/v1/orchestrator/jobs/diff", "{}"),
                501,
                "NotImplemented",
                "job diff is not supported");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return ApiRequests.get(server, path);
    }

    private HttpResponse<String> put(String path, String body)
            throws IOException, InterruptedException {
        return ApiRequests.put(server, path, body);
    }

    private static void assertError(
            HttpResponse<String> r, int status, String code, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.body())
                .contains("\"Status\":" + status)
                .contains("\"Code\":\"" + code + "\"")
                .contains("\"Component\":\"Caravel\"")
                .contains("\"RequestID\":\"")
                .contains(message);
    }

    @Test
    void withATokenEveryCommandButAliveNeedsTheApiKey() throws Exception {
        try (ApiServer guarded =
                ApiServer.start(
                        new ApiServer.Settings("127.0.0.1", 0, Optional.of("s3cret")),
                        connection.client(),
                        JobLogStreams.of(connection.client(), null))) {
            BacalhauCli cli = BacalhauCli.at(guarded.port(), dir.resolve("home-token"));
            assertThat(cli.run("agent", "alive").code()).isZero();
            BacalhauCli.Result refused = cli.run("node", "list");
            assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.out()).contains("Please login using username/password, API key");
            BacalhauCli.Result wrong = cli.with("BACALHAU_API_KEY", "guess").run("node", "list");
            assertThat(wrong.code()).as(wrong.toString()).isEqualTo(1);
            BacalhauCli.Result allowed = cli.with("BACALHAU_API_KEY", "s3cret").run("node", "list");
            assertThat(allowed.code()).as(allowed.toString()).isZero();
            assertThat(allowed.out()).contains(nodeId);
        }
    }

    @Test
    void overHttpsWithTheCertificateTheClientTrusts() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        SelfSignedPem pem = SelfSignedPem.create(certs);
        SSLContext tls =
                PemServerTls.context(
                        new ResultsServerSettings.ServerTls(pem.cert(), pem.key()),
                        "--api-tls-cert",
                        "--api-tls-key");
        try (ApiServer https =
                ApiServer.start(
                        new ApiServer.Settings("127.0.0.1", 0, Optional.empty(), Optional.of(tls)),
                        connection.client(),
                        JobLogStreams.of(connection.client(), null))) {
            BacalhauCli cli =
                    BacalhauCli.at(https.port(), dir.resolve("home-tls"))
                            .with("BACALHAU_API_TLS_USETLS", "true")
                            .with("BACALHAU_API_TLS_CAFILE", pem.cert().toString());
            BacalhauCli.Result nodes = cli.run("node", "list");
            assertThat(nodes.code()).as(nodes.toString()).isZero();
            assertThat(nodes.out()).contains(nodeId);
            BacalhauCli.Result untrusted =
                    BacalhauCli.at(https.port(), dir.resolve("home-tls-untrusted"))
                            .with("BACALHAU_API_TLS_USETLS", "true")
                            .run("agent", "alive");
            assertThat(untrusted.code()).as(untrusted.toString()).isEqualTo(1);
            assertThat(untrusted.out()).contains("certificate");
        }
    }

    private static String jobId(String out) {
        Matcher m = JOB_ID.matcher(out);
        assertThat(m.find()).as("a job id in:\n" + out).isTrue();
        return m.group();
    }
}
