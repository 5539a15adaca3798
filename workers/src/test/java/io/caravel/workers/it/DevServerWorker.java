package io.caravel.workers.it;

import io.caravel.workers.WorkerProcess;
import io.caravel.workers.assembly.BuiltinProviders;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.OrchestrationSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * A worker process and a client against the real Temporal server that {@code
 * scripts/temporal-dev.sh} starts (address from {@code CARAVEL_TEST_TEMPORAL_ADDRESS}). A server
 * that is not there fails the test: CI starts it.
 */
final class DevServerWorker implements AutoCloseable {
    static final String ADDRESS =
            System.getenv().getOrDefault("CARAVEL_TEST_TEMPORAL_ADDRESS", "127.0.0.1:7233");

    final WorkflowServiceStubs stubs;
    final WorkflowClient client;
    final WorkerProcess worker;

    DevServerWorker(Path storage) {
        String[] hostPort = ADDRESS.split(":");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2_000);
        } catch (IOException e) {
            throw new AssertionError(
                    "no Temporal server at " + ADDRESS + "; start one with scripts/temporal-dev.sh",
                    e);
        }
        stubs =
                WorkflowServiceStubs.newServiceStubs(
                        WorkflowServiceStubsOptions.newBuilder().setTarget(ADDRESS).build());
        client =
                WorkflowClient.newInstance(
                        stubs,
                        WorkflowClientOptions.newBuilder()
                                .setDataConverter(CaravelDataConverter.get())
                                .build());
        worker =
                WorkerProcess.start(
                        WorkerConfig.builder()
                                .temporalAddress(ADDRESS)
                                .nodeId("it-" + UUID.randomUUID().toString().substring(0, 8))
                                .capacityCpu("4")
                                .capacityMemory("8Gi")
                                .capacityDisk("10Gi")
                                .capacityGpus("0")
                                .storageDir(storage)
                                .searchAttributes(true)
                                .resultsPort(0)
                                .heartbeatInterval(Duration.ofMillis(500))
                                .build(),
                        BuiltinProviders.assembly(OrchestrationSettings.DEFAULTS));
    }

    @Override
    public void close() {
        worker.stop();
        stubs.shutdownNow();
    }
}
