package io.caravel.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import io.caravel.activities.providers.ProvidersModule;
import io.caravel.activities.providers.local.LocalPublisher;
import io.caravel.activities.spi.Publisher;
import io.caravel.workers.assembly.BuiltinProviders;
import io.caravel.workers.capacity.GpuProbe;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.inject.CaravelWorkerModule;
import io.caravel.workers.inject.FakeProviders;
import io.caravel.workers.registry.NodeDescription;
import io.caravel.workers.registry.RecordingRegistry;
import io.caravel.workers.results.ResultsServer;
import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.NodeRegistryWorkflow;
import io.caravel.workflows.OrchestrationSettings;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.model.NodeInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole worker process, wired by Guice, against the Temporal test server listening on a TCP port.
 */
@Timeout(60)
class WorkerProcessTest {
    @TempDir Path storage;

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Module registrar() {
        Registrar registrar =
                new Registrar() {
                    @Override
                    public void registerDefault(Worker worker) {
                        worker.registerWorkflowImplementationTypes(
                                Probes.ProbeWorkflowImpl.class, RecordingRegistry.class);
                    }

                    @Override
                    public void registerNode(Worker worker, String nodeId) {
                        worker.registerActivitiesImplementations(
                                new Probes.ProbeImpl(() -> "node " + nodeId));
                    }

                    @Override
                    public void registerPlacement(Worker worker, String taskQueue) {
                        worker.registerActivitiesImplementations(
                                new Probes.ProbeImpl(() -> taskQueue));
                    }
                };
        return binder -> binder.bind(Registrar.class).toInstance(registrar);
    }

    @Test
    void startsServesMetricsJoinsTheRegistryAndLeavesOnStop() throws Exception {
        int temporalPort = freePort();
        int metricsPort = freePort();
        TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(temporalPort);
        WorkflowServiceStubs stubs =
                WorkflowServiceStubs.newServiceStubs(
                        WorkflowServiceStubsOptions.newBuilder()
                                .setTarget("127.0.0.1:" + temporalPort)
                                .build());
        try {
            WorkerConfig config =
                    WorkerConfig.builder()
                            .temporalAddress("127.0.0.1:" + temporalPort)
                            .nodeId("e2e-1")
                            .engines(List.of("noop"))
                            .storageDir(storage)
                            .metricsPort(metricsPort)
                            .heartbeatInterval(Duration.ofMillis(100))
                            .build();
            WorkerProcess process =
                    WorkerProcess.start(
                            List.of(
                                    new CaravelWorkerModule(config, GpuProbe.NONE),
                                    ProvidersModule.of(
                                            Map.of("noop", FakeProviders.engine("noop")),
                                            Map.of(),
                                            Map.of()),
                                    registrar()),
                            config);
            WorkflowClient client =
                    WorkflowClient.newInstance(
                            stubs,
                            WorkflowClientOptions.newBuilder()
                                    .setNamespace(config.namespace())
                                    .setDataConverter(CaravelDataConverter.get())
                                    .build());

            String answer =
                    client.newWorkflowStub(
                                    Probes.ProbeWorkflow.class,
                                    WorkflowOptions.newBuilder()
                                            .setTaskQueue(TaskQueues.DEFAULT)
                                            .build())
                            .probe("caravel-node-e2e-1");
            assertThat(answer).isEqualTo("node e2e-1");
            assertThat(process.worker().taskQueues())
                    .containsExactly(
                            TaskQueues.DEFAULT,
                            TaskQueues.REGISTRY,
                            "caravel-node-e2e-1",
                            TaskQueues.PLACEMENT_CPU);

            NodeRegistryWorkflow registry =
                    client.newWorkflowStub(
                            NodeRegistryWorkflow.class, NodeRegistryWorkflow.WORKFLOW_ID);
            while (!registered(registry)) {
                Thread.sleep(50);
            }
            assertThat(process.resultsServer()).isEmpty();
            assertThat(registry.allNodes())
                    .as("heartbeats without a results server carry no URL")
                    .isNotEmpty()
                    .extracting(NodeInfo::resultsUrl)
                    .containsOnly("");
            assertThat(registry.nodes().get(0).engines()).containsExactly("noop");

            URI metrics = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
            assertThat(process.metricsServer())
                    .hasValueSatisfying(s -> assertThat(s.uri()).isEqualTo(metrics));
            String body = "";
            while (!body.contains("temporal_workflow_completed_total")) {
                Thread.sleep(50);
                body =
                        HttpClient.newHttpClient()
                                .send(
                                        HttpRequest.newBuilder(metrics).build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body();
            }

            process.stop();

            assertThat(process.worker().isRunning()).isFalse();
            assertThat(
                            client
                                    .fetchHistory(NodeRegistryWorkflow.WORKFLOW_ID)
                                    .getEvents()
                                    .stream()
                                    .filter(e -> e.hasWorkflowExecutionSignaledEventAttributes())
                                    .map(
                                            e ->
                                                    e.getWorkflowExecutionSignaledEventAttributes()
                                                            .getSignalName()))
                    .last()
                    .isEqualTo("leave");
        } finally {
            stubs.shutdownNow();
            server.close();
        }
    }

    @Test
    void theBuiltInAssemblyServesLocalResultsWhileRunning() throws Exception {
        int temporalPort = freePort();
        TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(temporalPort);
        try {
            WorkerConfig config =
                    WorkerConfig.builder()
                            .temporalAddress("127.0.0.1:" + temporalPort)
                            .nodeId("r-1")
                            .storageDir(storage)
                            .resultsPort(0)
                            .build();
            WorkerProcess process =
                    WorkerProcess.start(
                            config, BuiltinProviders.assembly(OrchestrationSettings.DEFAULTS));
            ResultsServer results = process.resultsServer().orElseThrow();
            assertThat(results.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            Map<String, Publisher> publishers =
                    process.injector()
                            .getInstance(Key.get(new TypeLiteral<Map<String, Publisher>>() {}));
            assertThat(publishers.get("local")).isInstanceOf(LocalPublisher.class);
            assertThat(process.injector().getInstance(NodeDescription.class).get().resultsUrl())
                    .as("the node advertises where its logs are")
                    .isEqualTo(results.advertisedUrl());

            Files.createDirectories(storage.resolve("published"));
            Files.writeString(storage.resolve("published/e-1.tar.gz"), "archive");
            URI archive = URI.create(results.advertisedUrl() + "/results/e-1.tar.gz");
            HttpClient http = HttpClient.newHttpClient();
            assertThat(
                            http.send(
                                            HttpRequest.newBuilder(archive).build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .body())
                    .isEqualTo("archive");

            process.stop();

            assertThatThrownBy(
                            () ->
                                    http.send(
                                            HttpRequest.newBuilder(archive).build(),
                                            HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(ConnectException.class);
        } finally {
            server.close();
        }
    }

    @Test
    void aResultsPortInUseFailsTheStartNamingTheKey() throws Exception {
        int temporalPort = freePort();
        try (ServerSocket taken =
                new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            WorkerConfig config =
                    WorkerConfig.builder()
                            .temporalAddress("127.0.0.1:" + temporalPort)
                            .nodeId("r-2")
                            .storageDir(storage)
                            .resultsPort(taken.getLocalPort())
                            .build();
            assertThatThrownBy(
                            () ->
                                    WorkerProcess.start(
                                            config,
                                            BuiltinProviders.assembly(
                                                    OrchestrationSettings.DEFAULTS)))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(
                            "cannot serve results on 127.0.0.1:"
                                    + taken.getLocalPort()
                                    + " (resultsAddress, resultsPort)");
        }
    }

    private static boolean registered(NodeRegistryWorkflow registry) {
        try {
            return !registry.nodes().isEmpty();
        } catch (WorkflowNotFoundException notYet) {
            return false;
        }
    }
}
