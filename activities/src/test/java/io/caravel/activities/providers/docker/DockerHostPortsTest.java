package io.caravel.activities.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.node.ExecutionDirs;
import io.caravel.activities.node.HostPortAllocator;
import io.caravel.activities.node.NodeActivitiesImpl;
import io.caravel.activities.node.PortRange;
import io.caravel.activities.placement.NodeLedger;
import io.caravel.activities.placement.NodePolicy;
import io.caravel.api.env.HostEnvResolver;
import io.caravel.api.model.Job;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.PortMapping;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.activities.ExecutionRequest;
import io.caravel.workflows.activities.NodeActivities;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.StagedInputs;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host ports of {@code Static: 0} mappings, allocated by the node and used by the docker engine on
 * the real daemon: each execution runs busybox {@code httpd} serving its own {@code BACALHAU_*}
 * variables, which the test fetches from the host at the allocated port.
 */
@Timeout(180)
class DockerHostPortsTest {
    @TempDir Path storage;

    private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
    private final HostPortAllocator allocator = new HostPortAllocator(PortRange.DEFAULT);
    private final List<TestActivityEnvironment> envs = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private NodeActivitiesImpl impl;

    @BeforeEach
    void setUp() {
        impl =
                new NodeActivitiesImpl(
                        node,
                        new ExecutionDirs(storage),
                        NodePolicy.builder(node)
                                .engines("docker")
                                .networkTypes(NetworkType.BRIDGE, NetworkType.HOST)
                                .build(),
                        new NodeLedger(new Resources(4000, 8L << 30, 0, 0), List.of()),
                        Map.of("docker", new DockerEngine(DockerClients.DEFAULT_HOST)),
                        Map.of(),
                        Map.of(),
                        new HostEnvResolver(List.of(), name -> null),
                        allocator);
    }

    @AfterEach
    void tearDown() {
        envs.forEach(TestActivityEnvironment::close);
        impl.close();
    }

    /** One execution running on its own activity environment, so two can run at once. */
    private final class Running {
        final String id = DockerEngineTest.newId();
        final TestActivityEnvironment env;
        final NodeActivities activities;
        final ExecutionRequest request;
        final CompletableFuture<Void> done;

        Running(NetworkType type, List<PortMapping> ports, String script) {
            env =
                    TestActivityEnvironment.newInstance(
                            TestEnvironmentOptions.newBuilder()
                                    .setWorkflowClientOptions(
                                            WorkflowClientOptions.newBuilder()
                                                    .setDataConverter(CaravelDataConverter.get())
                                                    .build())
                                    .build());
            envs.add(env);
            env.registerActivitiesImplementations(impl);
            activities =
                    env.newActivityStub(
                            NodeActivities.class,
                            ActivityOptions.newBuilder()
                                    .setStartToCloseTimeout(Duration.ofMinutes(2))
                                    .setHeartbeatTimeout(Duration.ofSeconds(2))
                                    .setRetryOptions(
                                            RetryOptions.newBuilder().setMaximumAttempts(1).build())
                                    .build());
            Task task =
                    Task.builder()
                            .name("main")
                            .engine(
                                    SpecConfig.of(
                                            "docker",
                                            Map.of(
                                                    "Image",
                                                    DockerRun.IMAGE,
                                                    "Entrypoint",
                                                    List.of("/bin/sh", "-c"),
                                                    "Parameters",
                                                    List.of(script))))
                            .network(new NetworkConfig(type, List.of(), ports))
                            .build();
            Job job =
                    Job.builder()
                            .id("j-ports")
                            .name("ports")
                            .namespace("default")
                            .type("batch")
                            .count(1)
                            .task(task)
                            .build();
            request =
                    new ExecutionRequest(
                            job, id, 0, new NodeClaim(node, "caravel-node-" + node, id, List.of()));
            done = CompletableFuture.runAsync(() -> activities.execute(request, StagedInputs.NONE));
        }

        /** The host port of the execution's first mapping, once the node has allocated it. */
        int hostPort() throws InterruptedException {
            for (int i = 0; i < 600 && allocator.allocated(id).isEmpty(); i++) {
                Thread.sleep(50);
            }
            assertThat(allocator.allocated(id)).as("ports allocated for " + id).isNotEmpty();
            return allocator.allocated(id).get(0).staticPort();
        }

        /**
         * The execution's {@code BACALHAU_*} variables, as its server serves them at {@code port}
         * on the host.
         */
        String servedEnv(int port) throws InterruptedException {
            for (int i = 0; i < 600 && !done.isDone(); i++) {
                try {
                    HttpResponse<String> response =
                            http.send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + port
                                                                    + "/env.txt"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return response.body();
                    }
                } catch (IOException e) {
                    // Not listening yet.
                }
                Thread.sleep(50);
            }
            throw new AssertionError(
                    "no server of "
                            + id
                            + " on port "
                            + port
                            + (done.isDone()
                                    ? "; it ended: "
                                            + done.handle((v, e) -> String.valueOf(e)).join()
                                    : ""));
        }

        /** Stops the execution, then releases it as the workflow does. */
        void stopAndRelease() throws InterruptedException {
            env.requestCancelActivity();
            try {
                done.get();
                throw new AssertionError("the execution of " + id + " ended without being stopped");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(CanceledFailure.class);
            }
            activities.release(request.claim());
        }
    }

    private static String serve(String listen) {
        return "mkdir /tmp/www && env | grep ^BACALHAU_ | sort > /tmp/www/env.txt && exec httpd -f -p "
                + listen
                + " -h /tmp/www";
    }

    @Test
    void bridgePublishesAllocatedPortsThatTwoRunningExecutionsNeverShareUntilReleased()
            throws Exception {
        List<PortMapping> ports =
                List.of(
                        new PortMapping("web", 0, 0, "127.0.0.1"),
                        new PortMapping("api", 0, 8080, "127.0.0.1"));
        Running a = new Running(NetworkType.BRIDGE, ports, serve("$BACALHAU_PORT_web"));
        int portA = a.hostPort();
        String envA = a.servedEnv(portA);
        Running b = new Running(NetworkType.BRIDGE, ports, serve("$BACALHAU_PORT_web"));
        int portB = b.hostPort();
        String envB = b.servedEnv(portB);

        List<PortMapping> heldA = allocator.allocated(a.id);
        List<PortMapping> heldB = allocator.allocated(b.id);
        assertThat(PortRange.DEFAULT.contains(portA)).as("port %d in range", portA).isTrue();
        assertThat(heldA).extracting(PortMapping::target).containsExactly(portA, 8080);
        int apiA = heldA.get(1).staticPort();
        assertThat(envA)
                .contains(
                        "BACALHAU_HOST_PORT_web=" + portA + "\n",
                        "BACALHAU_PORT_web=" + portA + "\n",
                        "BACALHAU_HOST_PORT_api=" + apiA + "\n",
                        "BACALHAU_PORT_api=8080\n");
        assertThat(envB).contains("BACALHAU_HOST_PORT_web=" + portB + "\n");
        List<Integer> hostPorts = new ArrayList<>();
        heldA.forEach(p -> hostPorts.add(p.staticPort()));
        heldB.forEach(p -> hostPorts.add(p.staticPort()));
        assertThat(hostPorts).doesNotHaveDuplicates().allMatch(PortRange.DEFAULT::contains);
        // A's server still answers at its own port while B runs.
        assertThat(a.servedEnv(portA)).isEqualTo(envA);

        a.stopAndRelease();
        b.stopAndRelease();

        assertThat(allocator.allocated(a.id)).isEmpty();
        assertThat(allocator.allocated(b.id)).isEmpty();
        for (int port : hostPorts) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            }
        }
    }

    @Test
    void hostModeListensOnTheAllocatedPortItself() throws Exception {
        Running run =
                new Running(
                        NetworkType.HOST,
                        List.of(new PortMapping("web", 0, 0, "")),
                        serve("127.0.0.1:$BACALHAU_HOST_PORT_web"));
        int port = run.hostPort();
        String env = run.servedEnv(port);

        assertThat(PortRange.DEFAULT.contains(port)).isTrue();
        assertThat(env)
                .contains("BACALHAU_HOST_PORT_web=" + port + "\n")
                .doesNotContain("BACALHAU_PORT_web=");
        run.stopAndRelease();
        assertThat(allocator.allocated(run.id)).isEmpty();
    }

    @org.junit.jupiter.api.AfterAll
    static void releaseRuns() {
        DockerRun.releaseAll();
    }
}
