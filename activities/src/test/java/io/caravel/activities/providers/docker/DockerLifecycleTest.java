package io.caravel.activities.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.caravel.activities.node.ExecutionDirs;
import io.caravel.activities.node.NodeActivitiesImpl;
import io.caravel.activities.placement.NodeLedger;
import io.caravel.activities.placement.NodePolicy;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.env.HostEnvResolver;
import io.caravel.api.model.RunOutput;
import io.caravel.api.quantity.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Re-attachment after a worker restart and removal of orphans, on the real daemon. */
@Timeout(120)
class DockerLifecycleTest {
    static DockerClient docker;

    @TempDir Path tmp;

    private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void connect() {
        docker = DockerClients.connect(DockerClients.DEFAULT_HOST);
    }

    @AfterAll
    static void close() throws Exception {
        docker.close();
    }

    @Test
    void aRestartedWorkerReattachesToTheRunningContainerInsteadOfStartingASecond()
            throws Exception {
        DockerRun run =
                new DockerRun(tmp, DockerEngineTest.newId())
                        .node(node)
                        .result("outputs", "/outputs")
                        .shell("echo started; sleep 3; echo finished; echo made > /outputs/o.txt");
        ExecutionContext first = run.context();
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread worker =
                new Thread(
                        () -> {
                            try {
                                new DockerEngine(DockerClients.DEFAULT_HOST).run(first);
                            } catch (Throwable t) {
                                ended.set(t);
                            }
                        });
        worker.start();
        while (!Files.exists(run.results().resolve("stdout"))
                || !Files.readString(run.results().resolve("stdout")).contains("started")) {
            Thread.sleep(20);
        }
        worker.interrupt(); // the worker shuts down while the container runs
        worker.join();
        List<Container> left = containers(first.executionId());
        assertThat(ended.get()).isInstanceOf(InterruptedException.class);
        assertThat(left).hasSize(1);

        DockerRun again = run;
        RunOutput output = new DockerEngine(DockerClients.DEFAULT_HOST).run(again.context());

        assertThat(output.stdout()).isEqualTo("started\nfinished\n");
        assertThat(output.exitCode()).isZero();
        assertThat(run.results().resolve("outputs").resolve("o.txt")).hasContent("made\n");
        assertThat(run.progress)
                .contains("docker: re-attached to container " + left.get(0).getId());
        assertThat(containers(first.executionId()))
                .extracting(Container::getId)
                .as("one container, kept until the execution is released")
                .containsExactly(left.get(0).getId());
        new DockerEngine(DockerClients.DEFAULT_HOST).release(first.executionId());
        assertThat(containers(first.executionId())).isEmpty();
    }

    @Test
    void aContainerThatEndedWhileTheWorkerWasAwayIsCollectedNotRunAgain() throws Exception {
        DockerRun run =
                new DockerRun(tmp, DockerEngineTest.newId())
                        .node(node)
                        .result("outputs", "/outputs")
                        .shell("echo ran; echo made > /outputs/o.txt; sleep 1; exit 5");
        ExecutionContext first = run.context();
        Thread worker =
                new Thread(
                        () -> {
                            try {
                                new DockerEngine(DockerClients.DEFAULT_HOST).run(first);
                            } catch (Throwable t) {
                                // the interruption, expected
                            }
                        });
        worker.start();
        // Interrupt once the container has started, so that it ends by itself while the worker is
        // away.
        while (containers(first.executionId()).isEmpty()
                || "created".equals(containers(first.executionId()).get(0).getState())) {
            Thread.sleep(20);
        }
        worker.interrupt();
        worker.join();
        String id = containers(first.executionId()).get(0).getId();
        assertThat(docker.waitContainerCmd(id).start().awaitStatusCode()).isEqualTo(5);

        RunOutput output = new DockerEngine(DockerClients.DEFAULT_HOST).run(run.context());

        assertThat(output.stdout()).isEqualTo("ran\n");
        assertThat(output.exitCode()).isEqualTo(5);
        assertThat(run.results().resolve("outputs").resolve("o.txt")).hasContent("made\n");
        assertThat(containers(first.executionId()))
                .extracting(Container::getId)
                .containsExactly(id);
        new DockerEngine(DockerClients.DEFAULT_HOST).release(first.executionId());
        assertThat(containers(first.executionId())).isEmpty();
    }

    @Test
    void startUpRemovesTheContainersOfThisNodeWhoseExecutionsAreGone() throws Exception {
        String live = DockerEngineTest.newId();
        String gone = DockerEngineTest.newId();
        String otherNodes = DockerEngineTest.newId();
        String liveId = start(live, node);
        String goneId = start(gone, node);
        String otherId = start(otherNodes, "other-" + node);
        try {
            ExecutionDirs dirs = new ExecutionDirs(tmp);
            dirs.create(live);
            NodePolicy policy = NodePolicy.builder(node).engines("docker").build();
            try (NodeActivitiesImpl activities =
                    new NodeActivitiesImpl(
                            node,
                            dirs,
                            policy,
                            new NodeLedger(new Resources(1000, 1L << 30, 0, 0), List.of()),
                            Map.of("docker", new DockerEngine(DockerClients.DEFAULT_HOST)),
                            Map.of(),
                            Map.of(),
                            new HostEnvResolver(List.of(), name -> null))) {
                activities.removeOrphans();
            }

            assertThat(containers(live)).extracting(Container::getId).containsExactly(liveId);
            assertThat(containers(gone)).isEmpty();
            assertThat(containers(otherNodes))
                    .extracting(Container::getId)
                    .containsExactly(otherId);
        } finally {
            for (String id : List.of(liveId, goneId, otherId)) {
                new ExecutionObjects(docker).removeContainer(id);
            }
        }
    }

    private static String start(String executionId, String nodeId) {
        String id =
                docker.createContainerCmd(DockerRun.IMAGE)
                        .withName(DockerLabels.containerName(executionId))
                        .withLabels(DockerLabels.of(executionId, nodeId, "j-1"))
                        .withCmd("sleep", "600")
                        .exec()
                        .getId();
        docker.startContainerCmd(id).exec();
        return id;
    }

    private static List<Container> containers(String executionId) {
        return new ExecutionObjects(docker).containers(DockerLabels.EXECUTION, executionId);
    }

    @AfterAll
    static void releaseRuns() {
        DockerRun.releaseAll();
    }
}
