package io.caravel.activities.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.RunOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker engine on the real daemon (scripts/docker-dev.sh) with the local busybox test image.
 */
@Timeout(120)
class DockerEngineTest {
    static DockerClient docker;

    @TempDir Path tmp;

    private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
    private final DockerEngine engine = new DockerEngine(DockerClients.DEFAULT_HOST);

    @BeforeAll
    static void connect() {
        dockerClient().inspectImageCmd(DockerRun.IMAGE).exec();
    }

    @AfterAll
    static synchronized void close() throws Exception {
        docker.close();
        docker = null;
    }

    /** A client of the test daemon, made on first use. */
    static synchronized DockerClient dockerClient() {
        if (docker == null) {
            docker = DockerClients.connect(DockerClients.DEFAULT_HOST);
        }
        return docker;
    }

    static String newId() {
        return "e-dt-" + UUID.randomUUID();
    }

    private DockerRun run() {
        return new DockerRun(tmp, newId()).node(node);
    }

    private static String read(Path file) throws Exception {
        return Files.readString(file);
    }

    @Test
    void everyEngineParamReachesTheContainerAndStreamsAreSeparate() throws Exception {
        DockerRun run =
                run().param("Entrypoint", List.of("/bin/sh", "-c"))
                        .param(
                                "Parameters",
                                List.of(
                                        "pwd; echo \"$TASK_ONLY $BOTH $ENGINE_ONLY\"; echo \"$0 $1\";"
                                                + " echo exec=$BACALHAU_EXECUTION_ID; echo oops >&2; exit 3",
                                        "zero",
                                        "one"))
                        .param(
                                "EnvironmentVariables",
                                List.of("BOTH=engine_value", "ENGINE_ONLY=e"))
                        .param("WorkingDirectory", "/tmp")
                        .env(
                                Map.of(
                                        "TASK_ONLY",
                                        "t",
                                        "BOTH",
                                        "task_value",
                                        "BACALHAU_EXECUTION_ID",
                                        "e-given"));

        RunOutput output = engine.run(run.context());

        assertThat(output.exitCode()).isEqualTo(3);
        assertThat(output.errorMsg()).isEmpty();
        assertThat(output.stdout()).isEqualTo("/tmp\nt engine_value e\nzero one\nexec=e-given\n");
        assertThat(output.stderr()).isEqualTo("oops\n");
        assertThat(run.results().resolve("stdout")).hasContent(output.stdout());
        assertThat(run.results().resolve("stderr")).hasContent("oops\n");
        assertThat(run.results().resolve("exitCode")).hasContent("3");
    }

    @Test
    void parametersWithoutEntrypointAreTheCommandOfTheImage() throws Exception {
        DockerRun run = run().param("Parameters", List.of("echo", "hello", "world"));

        RunOutput output = engine.run(run.context());

        assertThat(output.stdout()).isEqualTo("hello world\n");
        assertThat(output.exitCode()).isZero();
    }

    @Test
    void inputsAreReadOnlyUnlessLocalReadWriteAndResultPathsAreCollected() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(in.resolve("data.txt"), "input data\n");
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        DockerRun run =
                run().input(in, "/inputs", "inline", false)
                        .input(shared, "/shared", "local", false)
                        .result("outputs", "/outputs")
                        .result("empty", "/empty")
                        .shell(
                                "cat /inputs/data.txt; touch /inputs/new 2>/dev/null && echo in-writable || echo in-readonly;"
                                        + " touch /shared/made && echo shared-writable; echo result > /outputs/r.txt");

        RunOutput output = engine.run(run.context());

        assertThat(output.stdout()).isEqualTo("input data\nin-readonly\nshared-writable\n");
        assertThat(run.results().resolve("outputs").resolve("r.txt")).hasContent("result\n");
        assertThat(run.results().resolve("empty")).isEmptyDirectory();
        assertThat(shared.resolve("made")).exists();
        assertThat(in.resolve("new")).doesNotExist();
        assertThat(run.executionDir().resolve(ResultDirs.DIR)).doesNotExist();
    }

    @Test
    void localInputStagedReadOnlyStaysReadOnly() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("ro"));
        DockerRun run =
                run().input(shared, "/ro", "local", true)
                        .shell("touch /ro/x 2>/dev/null && echo writable || echo readonly");

        assertThat(engine.run(run.context()).stdout()).isEqualTo("readonly\n");
    }

    @Test
    void inputsLargerThanTheDiskRequestFailBeforeAnythingRuns() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("big"));
        Files.write(in.resolve("data.bin"), new byte[2048]);
        DockerRun tooBig =
                run().disk("1Ki")
                        .input(in, "/in", "inline", true, 2048)
                        .param("Parameters", List.of("true"));
        DockerRun fits =
                run().disk("4Ki")
                        .input(in, "/in", "inline", true, 2048)
                        .param("Parameters", List.of("true"));

        assertThatThrownBy(() -> engine.prepare(tooBig.context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage())
                                    .isEqualTo(
                                            "the staged inputs take 2048 bytes, more than the task's"
                                                    + " disk request of 1024 bytes (1Ki)");
                        });
        assertThat(containersOf(tooBig)).isZero();
        assertThat(engine.run(fits.context()).exitCode()).isZero();
    }

    @Test
    void anOomKilledContainerFailsWithMemoryLimitExceeded() throws Exception {
        DockerRun run =
                run().resources("", "32Mi", "")
                        .shell("echo before; head -c 200m /dev/zero | tail | wc -c");

        assertThatThrownBy(() -> engine.run(run.context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage()).isEqualTo("memory limit exceeded");
                        });
        assertThat(run.results().resolve("stdout")).content().startsWith("before\n");
        assertStoppedThenRemovedOnRelease(run);
    }

    @Test
    void cancellationKillsTheContainerAndTheReleaseRemovesIt() throws Exception {
        DockerRun run = run().shell("echo started; sleep 600");
        run.cancelled(
                () ->
                        Files.exists(run.results().resolve("stdout"))
                                && readQuietly(run.results().resolve("stdout"))
                                        .contains("started"));

        RunOutput output = engine.run(run.context());

        assertThat(output.errorMsg()).isEqualTo(DockerEngine.CANCELLED);
        assertThat(run.results().resolve("exitCode")).doesNotExist();
        assertStoppedThenRemovedOnRelease(run);
    }

    @Test
    void aMissingImageThatCannotBePulledFailsNonRetryably() throws Exception {
        DockerRun run =
                run().param("Image", "caravel-test/absent:1").param("Parameters", List.of("true"));

        assertThatThrownBy(() -> engine.prepare(run.context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage())
                                    .startsWith("image not available: \"caravel-test/absent:1\"");
                        });
    }

    @Test
    void anEntrypointNotInTheImageFailsToStart() throws Exception {
        DockerRun run = run().param("Entrypoint", List.of("/no/such/program"));

        assertThatThrownBy(() -> engine.run(run.context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
                            assertThat(e.getMessage()).startsWith("failed to start container: ");
                        });
        assertStoppedThenRemovedOnRelease(run);
    }

    @Test
    void aContainerTheDaemonRefusesFailsNonRetryablyNamingDockersReason() throws Exception {
        DockerRun run = run().resources("", "1Mi", "").param("Parameters", List.of("true"));

        assertThatThrownBy(() -> engine.run(run.context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage())
                                    .startsWith("failed to create container: ")
                                    .contains("Minimum memory limit");
                        });
    }

    @Test
    void theContainerIsNamedLabelledLimitedAndHardened() throws Exception {
        DockerRun run = run().resources("1500m", "64Mi", "2").gpuIndices(List.of(1, 3));
        ContainerPlan plan =
                new ContainerPlan(
                        run.context(),
                        io.caravel.api.providers.docker.DockerEngineSpec.decode(
                                run.context().task().engine()),
                        new DirectContainerNetwork().attach("x", run.context().task().network()),
                        tmp.resolve("results-host"),
                        100);
        Files.createDirectories(tmp.resolve("results-host"));
        String id = plan.applyTo(docker.createContainerCmd(DockerRun.IMAGE)).exec().getId();
        try {
            InspectContainerResponse created = docker.inspectContainerCmd(id).exec();
            HostConfig host = created.getHostConfig();

            assertThat(created.getName()).isEqualTo("/caravel-" + run.context().executionId());
            assertThat(created.getConfig().getLabels())
                    .containsEntry(DockerLabels.EXECUTION, run.context().executionId())
                    .containsEntry(DockerLabels.NODE, node)
                    .containsEntry(DockerLabels.JOB, "j-docker");
            assertThat(host.getNanoCPUs()).isEqualTo(1_500_000_000L);
            assertThat(host.getMemory()).isEqualTo(64L << 20);
            assertThat(host.getPidsLimit()).isEqualTo(100L);
            assertThat(host.getPrivileged()).isFalse();
            assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges");
            assertThat(host.getNetworkMode()).isEqualTo("none");
            assertThat(created.getConfig().getUser()).isEmpty();
            DeviceRequest gpus = host.getDeviceRequests().get(0);
            assertThat(gpus.getDriver()).isEqualTo("nvidia");
            assertThat(gpus.getDeviceIds()).containsExactly("1", "3");
            assertThat(gpus.getCapabilities()).containsExactly(List.of("gpu"));
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    @Test
    void aGpuTaskOnAHostWithoutNvidiaFailsToStartWithDockersReason() throws Exception {
        DockerRun run =
                run().resources("", "", "1")
                        .gpuIndices(List.of(0))
                        .param("Parameters", List.of("true"));

        assertThatThrownBy(() -> engine.run(run.context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e ->
                                assertThat(e.getMessage())
                                        .startsWith("failed to start container: ")
                                        .contains("nvidia"));
    }

    @Test
    void theContainerCannotGainPrivileges() throws Exception {
        DockerRun run = run().shell("grep NoNewPrivs /proc/self/status; id -u");

        assertThat(engine.run(run.context()).stdout()).isEqualTo("NoNewPrivs:\t1\n0\n");
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** The run's container no longer runs, and the execution's release removes it. */
    private void assertStoppedThenRemovedOnRelease(DockerRun run) throws Exception {
        String id = run.context().executionId();
        assertThat(
                        docker.listContainersCmd()
                                .withLabelFilter(
                                        List.of(DockerLabels.filter(DockerLabels.EXECUTION, id)))
                                .exec())
                .as("running containers")
                .isEmpty();
        engine.release(id);
        assertThat(containersOf(run)).isZero();
    }

    /** How many containers carry the run's execution label. */
    static int containersOf(DockerRun run) throws Exception {
        return docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(
                        List.of(
                                DockerLabels.filter(
                                        DockerLabels.EXECUTION, run.context().executionId())))
                .exec()
                .size();
    }

    @AfterAll
    static void releaseRuns() {
        DockerRun.releaseAll();
    }
}
