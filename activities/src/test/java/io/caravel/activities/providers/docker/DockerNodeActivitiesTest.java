package io.caravel.activities.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import io.caravel.activities.node.ExecutionDirs;
import io.caravel.activities.node.NodeActivitiesHarness;
import io.caravel.activities.node.NodeActivitiesImpl;
import io.caravel.activities.placement.NodeLedger;
import io.caravel.activities.placement.NodePolicy;
import io.caravel.api.env.HostEnvResolver;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.Job;
import io.caravel.api.model.ResourcesConfig;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.api.model.TimeoutConfig;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.activities.ExecutionRequest;
import io.caravel.workflows.activities.NodeActivities;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.StagedInputs;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker engine behind the node activities (Temporal's activity test environment, real daemon).
 */
@Timeout(120)
class DockerNodeActivitiesTest {
    @TempDir Path storage;

    private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
    private NodeActivitiesHarness harness;
    private NodeActivities activities;

    @BeforeEach
    void setUp() {
        NodeActivitiesImpl impl =
                new NodeActivitiesImpl(
                        node,
                        new ExecutionDirs(storage),
                        NodePolicy.builder(node).engines("docker").build(),
                        new NodeLedger(new Resources(4000, 8L << 30, 0, 0), List.of()),
                        Map.of("docker", new DockerEngine(DockerClients.DEFAULT_HOST)),
                        Map.of(),
                        Map.of(),
                        new HostEnvResolver(List.of(), name -> null));
        harness = NodeActivitiesHarness.start(impl, Duration.ofSeconds(2));
        activities = harness.activities();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void aContainerPastTheExecutionTimeoutIsKilledAndTheExecutionTimesOut() throws Exception {
        String id = DockerEngineTest.newId();
        Task task =
                task(Map.of("Image", DockerRun.IMAGE, "Parameters", List.of("sleep", "600")))
                        .timeouts(new TimeoutConfig(1, 0, 0))
                        .build();

        ApplicationFailure failure =
                failureOf(() -> activities.execute(request(task, id), StagedInputs.NONE));

        assertThat(failure.getType()).isEqualTo(ErrorCode.EXECUTION_TIMEOUT.name());
        assertThat(failure.getOriginalMessage()).isEqualTo("Execution timed out after 1s");
        assertKilledThenRemovedOnRelease(task, id);
    }

    @Test
    void anImageIsPulledOnlyWhenAbsentAndThePullDoesNotCountAgainstTheTimeout() throws Exception {
        DockerClient docker = DockerEngineTest.dockerClient();
        List<String> details = new CopyOnWriteArrayList<>();
        harness.env().setActivityHeartbeatListener(String.class, details::add);
        // Each manifest request takes 2 s, twice the execution timeout.
        try (LocalRegistry registry = new LocalRegistry(docker, DockerRun.IMAGE, 2_000)) {
            String image =
                    registry.host()
                            + "/caravel-test/pulled:"
                            + UUID.randomUUID().toString().substring(0, 8);
            try {
                Task task =
                        task(Map.of("Image", image, "Parameters", List.of("echo", "pulled")))
                                .timeouts(new TimeoutConfig(1, 0, 0))
                                .build();

                RunOutput first =
                        activities.execute(
                                request(task, DockerEngineTest.newId()), StagedInputs.NONE);
                int pulls = registry.manifestRequests.get();
                RunOutput second =
                        activities.execute(
                                request(task, DockerEngineTest.newId()), StagedInputs.NONE);

                assertThat(first.stdout()).isEqualTo("pulled\n");
                assertThat(second.stdout()).isEqualTo("pulled\n");
                assertThat(pulls).isPositive();
                assertThat(registry.manifestRequests.get()).isEqualTo(pulls);
                assertThat(details).anyMatch(d -> d.startsWith("docker: pulling image " + image));
            } finally {
                docker.removeImageCmd(image).withForce(true).exec();
            }
        }
    }

    @Test
    void stoppingTheActivityKillsTheContainer() throws Exception {
        String id = DockerEngineTest.newId();
        harness.env()
                .setActivityHeartbeatListener(
                        String.class,
                        d -> {
                            if (d.startsWith("docker: running")) {
                                harness.env().requestCancelActivity();
                            }
                        });
        Task task =
                task(Map.of("Image", DockerRun.IMAGE, "Parameters", List.of("sleep", "600")))
                        .build();

        assertThatThrownBy(() -> activities.execute(request(task, id), StagedInputs.NONE))
                .isInstanceOf(CanceledFailure.class);
        assertKilledThenRemovedOnRelease(task, id);
    }

    /** The killed container stays, stopped, until the execution is released. */
    private void assertKilledThenRemovedOnRelease(Task task, String id) {
        ExecutionObjects objects = new ExecutionObjects(DockerEngineTest.dockerClient());
        assertThat(objects.containers(DockerLabels.EXECUTION, id))
                .singleElement()
                .satisfies(c -> assertThat(c.getState()).isNotEqualTo("running"));
        activities.release(request(task, id).claim());
        assertThat(objects.containers(DockerLabels.EXECUTION, id)).isEmpty();
    }

    @Test
    void oomAndMissingImagesAreNonRetryableExecutionFailures() {
        Task oom =
                task(Map.of(
                                "Image",
                                DockerRun.IMAGE,
                                "Entrypoint",
                                List.of("/bin/sh", "-c"),
                                "Parameters",
                                List.of("head -c 200m /dev/zero | tail")))
                        .resources(new ResourcesConfig("", "32Mi", "", ""))
                        .build();
        Task missing = task(Map.of("Image", "caravel-test/absent:1")).build();

        ApplicationFailure oomFailure =
                failureOf(
                        () ->
                                activities.execute(
                                        request(oom, DockerEngineTest.newId()), StagedInputs.NONE));
        ApplicationFailure missingFailure =
                failureOf(
                        () ->
                                activities.execute(
                                        request(missing, DockerEngineTest.newId()),
                                        StagedInputs.NONE));

        assertThat(oomFailure.getType()).isEqualTo("EXECUTION_FAILED");
        assertThat(oomFailure.isNonRetryable()).isTrue();
        assertThat(oomFailure.getOriginalMessage()).startsWith("memory limit exceeded\nhint: ");
        assertThat(missingFailure.isNonRetryable()).isTrue();
        assertThat(missingFailure.getOriginalMessage())
                .startsWith("image not available: \"caravel-test/absent:1\"");
    }

    private static Task.Builder task(Map<String, ?> params) {
        return Task.builder().name("main").engine(SpecConfig.of("docker", params));
    }

    private ExecutionRequest request(Task task, String executionId) {
        Job job =
                Job.builder()
                        .id("j-docker")
                        .name("docker")
                        .namespace("default")
                        .type("batch")
                        .count(1)
                        .task(task)
                        .build();
        return new ExecutionRequest(
                job,
                executionId,
                0,
                new NodeClaim(node, "caravel-node-" + node, executionId, List.of()));
    }

    private static ApplicationFailure failureOf(Runnable call) {
        try {
            call.run();
        } catch (ActivityFailure e) {
            return (ApplicationFailure) e.getCause();
        }
        throw new AssertionError("the activity did not fail");
    }
}
