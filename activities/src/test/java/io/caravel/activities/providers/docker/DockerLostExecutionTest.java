package io.caravel.activities.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.caravel.activities.node.ActivityFailures;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.RunOutput;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ends a container's program did not cause are {@code EXECUTION_LOST}, ends it caused are results:
 * on the real daemon, with the test acting as the operator ({@code docker kill}, {@code stop},
 * {@code rm -f} through the same API calls the docker CLI makes) and {@link DaemonSocketProxy} as a
 * daemon the node loses. The daemon itself is never restarted here (other tests share it).
 */
@Timeout(120)
class DockerLostExecutionTest {
    static DockerClient docker;

    @TempDir Path tmp;

    private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
    private final DockerEngine engine = new DockerEngine(DockerClients.DEFAULT_HOST);

    @BeforeAll
    static void connect() {
        docker = DockerClients.connect(DockerClients.DEFAULT_HOST);
        docker.inspectImageCmd(DockerRun.IMAGE).exec();
    }

    @AfterAll
    static void close() throws Exception {
        docker.close();
    }

    @AfterEach
    void removeContainers() {
        new ExecutionObjects(docker)
                .containers(DockerLabels.NODE, node)
                .forEach(c -> new ExecutionObjects(docker).removeContainer(c.getId()));
    }

    private DockerRun run(String script) {
        return new DockerRun(tmp, DockerEngineTest.newId()).node(node).shell(script);
    }

    @Test
    void aContainerKilledWithDockerKillIsLostNotAResult() throws Exception {
        assertLostWhen(id -> docker.killContainerCmd(id).exec(), "sent it SIGKILL");
    }

    @Test
    void aContainerStoppedWithDockerStopIsLostEvenWhenItsProgramExitsZeroOnTheSignal()
            throws Exception {
        DockerRun run =
                run(
                        "trap 'echo terminating; exit 0' TERM; echo started; while true; do sleep 0.1; done");
        CompletableFuture<RunOutput> running = start(run);
        String id = containerWhenStarted(run);

        docker.stopContainerCmd(id).withTimeout(5).exec();

        assertLost(running, "sent it SIGTERM");
        assertThat(run.results().resolve("stdout")).content().contains("terminating");
    }

    @Test
    void aContainerRemovedWithRmForceIsLost() throws Exception {
        assertLostWhen(
                id -> docker.removeContainerCmd(id).withForce(true).exec(), "sent it SIGKILL");
    }

    @Test
    void exit137ByTheProgramItselfIsItsResult() throws Exception {
        RunOutput output = engine.run(run("echo bye; exit 137").context());

        assertThat(output.exitCode()).isEqualTo(137);
        assertThat(output.errorMsg()).isEmpty();
        assertThat(output.stdout()).isEqualTo("bye\n");
    }

    @Test
    void aProgramKilledByItsOwnSigkillIsItsResult() throws Exception {
        // PID 1 of a container cannot SIGKILL itself, so the program's child does: the shell exits
        // 128+9.
        RunOutput output = engine.run(run("sh -c 'kill -9 $$'; exit $?").context());

        assertThat(output.exitCode()).isEqualTo(137);
        assertThat(output.errorMsg()).isEmpty();
    }

    @Test
    void aSignalTheProgramHandlesAndEndsOnIsItsResult() throws Exception {
        DockerRun run =
                run(
                        "trap 'echo reloading; exit 3' HUP; echo started; while true; do sleep 0.1; done");
        CompletableFuture<RunOutput> running = start(run);
        String id = containerWhenStarted(run);

        docker.killContainerCmd(id).withSignal("HUP").exec();

        RunOutput output = running.get(60, TimeUnit.SECONDS);
        assertThat(output.exitCode()).isEqualTo(3);
        assertThat(output.stdout()).isEqualTo("started\nreloading\n");
    }

    @Test
    void aContainerKilledWhileTheWorkerWasAwayIsLostWhenTheWorkerReattaches() throws Exception {
        DockerRun run = run("echo started; sleep 600");
        ExecutionContext first = run.context();
        Thread worker =
                new Thread(
                        () -> {
                            try {
                                engine.run(first);
                            } catch (Throwable t) {
                                // the interruption, expected
                            }
                        });
        worker.start();
        String id = containerWhenStarted(run);
        worker.interrupt(); // the worker stops; the container is left for re-attachment
        worker.join();
        docker.killContainerCmd(id).exec();
        assertThat(docker.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS))
                .isEqualTo(137);

        assertThatThrownBy(() -> new DockerEngine(DockerClients.DEFAULT_HOST).run(run.context()))
                .satisfies(lost("sent it SIGKILL"));
    }

    @Test
    void aContainerCaravelKilledOnCancellationIsNotLostWhenAnAttemptFindsItAgain()
            throws Exception {
        DockerRun run = run("echo started; sleep 600");
        run.cancelled(
                () -> {
                    try {
                        return Files.readString(run.results().resolve("stdout"))
                                .contains("started");
                    } catch (java.io.IOException e) {
                        return false;
                    }
                });
        assertThat(engine.run(run.context()).errorMsg()).isEqualTo(DockerEngine.CANCELLED);
        run.cancelled(() -> false);

        RunOutput again = new DockerEngine(DockerClients.DEFAULT_HOST).run(run.context());

        assertThat(again.errorMsg()).isEqualTo(DockerEngine.CANCELLED);
        assertThat(run.progress).anyMatch(p -> p.startsWith("docker: re-attached to container "));
    }

    @Test
    void losingTheDaemonMidRunIsANodeFailureAndTheReattachedRunStillGetsTheProgramsOwnEnd()
            throws Exception {
        try (DaemonSocketProxy proxy = new DaemonSocketProxy(tmp.resolve("d.sock"))) {
            DockerRun run = run("echo started; while [ ! -e /tmp/go ]; do sleep 0.1; done; exit 5");
            CompletableFuture<RunOutput> running = start(new DockerEngine(proxy.host()), run);
            String id = containerWhenStarted(run);

            proxy.cut();

            assertThatThrownBy(() -> running.get(60, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOfSatisfying(
                            CaravelException.class,
                            e -> {
                                assertThat(e.code()).isEqualTo(ErrorCode.NODE_FAILURE);
                                assertThat(e.retryable()).isTrue();
                                assertThat(e.getMessage())
                                        .startsWith(
                                                "lost the Docker daemon while following container "
                                                        + id);
                            });
            assertThat(run.executionDir().resolve(DaemonLoss.FILE)).exists();
            // While the node is cut off, the program ends by itself.
            docker.execStartCmd(docker.execCreateCmd(id).withCmd("touch", "/tmp/go").exec().getId())
                    .start()
                    .awaitCompletion(30, TimeUnit.SECONDS);
            assertThat(docker.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS))
                    .isEqualTo(5);
            proxy.restore();

            RunOutput output = new DockerEngine(proxy.host()).run(run.context());

            assertThat(output.exitCode()).isEqualTo(5);
            assertThat(output.stdout()).isEqualTo("started\n");
        }
    }

    @Test
    void aContainerFoundEndedAfterTheNodeLostItsDaemonAndWhoseEventsAreGoneIsLost()
            throws Exception {
        try (DaemonSocketProxy proxy = new DaemonSocketProxy(tmp.resolve("d.sock"))) {
            DockerRun run = run("echo started; sleep 600");
            CompletableFuture<RunOutput> running = start(new DockerEngine(proxy.host()), run);
            String id = containerWhenStarted(run);
            proxy.cut();
            assertThatThrownBy(() -> running.get(60, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(CaravelException.class);
            // What a daemon restart without live-restore does, on the daemon the others share: the
            // container is
            // killed, and the daemon's event buffer no longer holds its events (a restart empties
            // it; here,
            // newer events push them out: the buffer keeps the newest 256).
            docker.killContainerCmd(id).exec();
            docker.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS);
            pushOutEventsOf(id);
            proxy.restore();

            assertThatThrownBy(() -> new DockerEngine(proxy.host()).run(run.context()))
                    .satisfies(lost("this node lost its Docker daemon at"));
        }
    }

    /**
     * Sends a signal the container ignores to a helper container until the daemon's buffer holds
     * none of {@code id}'s events.
     */
    private void pushOutEventsOf(String id) throws Exception {
        DockerRun helper = run("trap '' WINCH; sleep 600");
        CompletableFuture<RunOutput> running = start(helper);
        String helperId = containerWhenStarted(helper, "");
        for (int i = 0; i < 300; i++) {
            docker.killContainerCmd(helperId).withSignal("WINCH").exec();
        }
        long since = System.currentTimeMillis() / 1000 - 600;
        var events =
                docker.eventsCmd()
                        .withContainerFilter(id)
                        .withSince(Long.toString(since))
                        .withUntil(Long.toString(System.currentTimeMillis() / 1000 + 1))
                        .exec(
                                new com.github.dockerjava.api.async.ResultCallback.Adapter<
                                        com.github.dockerjava.api.model.Event>() {
                                    final List<Object> seen =
                                            new java.util.concurrent.CopyOnWriteArrayList<>();

                                    @Override
                                    public void onNext(com.github.dockerjava.api.model.Event e) {
                                        seen.add(e);
                                    }
                                });
        events.awaitCompletion(10, TimeUnit.SECONDS);
        assertThat(events.seen).as("events of %s still in the daemon's buffer", id).isEmpty();
        docker.killContainerCmd(helperId).exec();
        assertThatThrownBy(() -> running.get(60, TimeUnit.SECONDS))
                .cause()
                .satisfies(lost("sent it SIGKILL"));
    }

    private void assertLostWhen(Consumer<String> operator, String why) throws Exception {
        DockerRun run = run("echo started; sleep 600");
        CompletableFuture<RunOutput> running = start(run);
        String id = containerWhenStarted(run);

        operator.accept(id);

        assertLost(running, why);
    }

    private static void assertLost(CompletableFuture<RunOutput> running, String why) {
        assertThatThrownBy(() -> running.get(60, TimeUnit.SECONDS)).cause().satisfies(lost(why));
    }

    private static org.assertj.core.api.ThrowingConsumer<Throwable> lost(String why) {
        return t -> {
            assertThat(t).isInstanceOf(CaravelException.class);
            CaravelException e = (CaravelException) t;
            assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_LOST);
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage())
                    .contains("was ended by the node's infrastructure, not by its program: ")
                    .contains(why)
                    .endsWith("; its exit code is not the job's result");
            assertThat(e.hint()).contains("enable live-restore");
            ApplicationFailure failure = ActivityFailures.of(e);
            assertThat(failure.getType()).isEqualTo(ErrorCode.EXECUTION_LOST.name());
            assertThat(failure.isNonRetryable()).isTrue();
        };
    }

    private CompletableFuture<RunOutput> start(DockerRun run) {
        return start(engine, run);
    }

    private static CompletableFuture<RunOutput> start(DockerEngine engine, DockerRun run) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return engine.run(run.context());
                    } catch (Exception e) {
                        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
                    }
                });
    }

    private String containerWhenStarted(DockerRun run) throws Exception {
        return containerWhenStarted(run, "started");
    }

    /**
     * The run's container, once its stdout has {@code marker} (or, for an empty marker, once it
     * runs).
     */
    private String containerWhenStarted(DockerRun run, String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Path stdout = run.results().resolve("stdout");
            List<Container> found =
                    new ExecutionObjects(docker)
                            .containers(DockerLabels.EXECUTION, run.executionId());
            boolean running = !found.isEmpty() && "running".equals(found.get(0).getState());
            if (running
                    && (marker.isEmpty()
                            || Files.exists(stdout) && Files.readString(stdout).contains(marker))) {
                return found.get(0).getId();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the container of " + run.executionDir() + " did not start");
    }
}
