package io.caravel.workers.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import io.caravel.activities.placement.NodeLedger;
import io.caravel.activities.providers.ProvidersModule;
import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.activities.spi.Publisher;
import io.caravel.api.model.NetworkType;
import io.caravel.api.quantity.Resources;
import io.caravel.workers.CaravelWorker;
import io.caravel.workers.Registrar;
import io.caravel.workers.capacity.GpuInfo;
import io.caravel.workers.config.InvalidConfigException;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.registry.NodeDescription;
import io.caravel.workflows.model.NodeInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaravelWorkerModuleTest {
    @TempDir Path storage;

    private WorkerConfig.Builder config() {
        return WorkerConfig.builder()
                .nodeId("gpu-1")
                .engines(List.of("noop"))
                .storageDir(storage)
                .capacityCpu("4")
                .capacityMemory("8Gi")
                .capacityDisk("100Gi")
                .labels(Map.of("zone", "eu"))
                .namespace("jobs");
    }

    private static Module registrar() {
        return binder -> binder.bind(Registrar.class).toInstance(Registrar.NONE);
    }

    private Injector injector(WorkerConfig config, Module... more) {
        List<Module> modules =
                new java.util.ArrayList<>(
                        List.of(
                                new CaravelWorkerModule(
                                        config,
                                        () ->
                                                List.of(
                                                        new GpuInfo(
                                                                0,
                                                                "NVIDIA H100 80GB HBM3",
                                                                81559))),
                                registrar()));
        modules.addAll(List.of(more));
        return Guice.createInjector(Stage.PRODUCTION, modules);
    }

    private static ProvidersModule noop() {
        return ProvidersModule.of(
                Map.of("noop", FakeProviders.engine("noop")),
                Map.of(
                        "inline",
                        FakeProviders.source("inline"),
                        "urlDownload",
                        FakeProviders.source("urlDownload")),
                Map.of("noop", FakeProviders.publisher("noop")));
    }

    @Test
    void wiresTheNodeFromConfigurationDetectedCapacityAndProviders() {
        Injector injector = injector(config().build(), noop());

        NodeLedger ledger = injector.getInstance(NodeLedger.class);
        NodeInfo node = injector.getInstance(NodeDescription.class).get();

        assertThat(ledger.capacity()).isEqualTo(new Resources(4_000, 8L << 30, 100L << 30, 1));
        assertThat(node.nodeId()).isEqualTo("gpu-1");
        assertThat(node.nodeQueue()).isEqualTo("caravel-node-gpu-1");
        assertThat(node.engines()).containsExactly("noop");
        assertThat(node.sources()).containsExactlyInAnyOrder("inline", "urlDownload");
        assertThat(node.publishers()).containsExactly("noop");
        assertThat(node.labels()).containsExactly(Map.entry("zone", "eu"));
        assertThat(node.networkTypes())
                .containsExactlyInAnyOrder(NetworkType.NONE, NetworkType.DEFAULT);
        assertThat(node.gpuModels()).containsExactly("NVIDIA H100 80GB HBM3");
        assertThat(injector.getInstance(WorkflowClient.class).getOptions().getNamespace())
                .isEqualTo("jobs");
        assertThat(injector.getInstance(WorkflowClient.class).getOptions().getIdentity())
                .isEqualTo("gpu-1");
        assertThat(injector.getInstance(CaravelWorker.class).isRunning()).isFalse();
        injector.getInstance(WorkflowServiceStubs.class).shutdownNow();
    }

    @Test
    void providerMapsAreKeyedByLowerCasedType() {
        Injector injector = injector(config().build(), noop());

        assertThat(
                        injector.getInstance(
                                        Key.get(
                                                new TypeLiteral<
                                                        Map<String, InputSourceProvider>>() {}))
                                .keySet())
                .containsExactlyInAnyOrder("inline", "urldownload");
        assertThat(
                        injector.getInstance(Key.get(new TypeLiteral<Map<String, Engine>>() {}))
                                .keySet())
                .containsExactly("noop");
        assertThat(
                        injector.getInstance(Key.get(new TypeLiteral<Map<String, Publisher>>() {}))
                                .keySet())
                .containsExactly("noop");
        injector.getInstance(WorkflowServiceStubs.class).shutdownNow();
    }

    @Test
    void twoProvidersUnderOneKeyFailAtStartUp() {
        ProvidersModule other =
                ProvidersModule.of(
                        Map.of("NOOP", FakeProviders.engine("noop")), Map.of(), Map.of());

        assertThatThrownBy(() -> injector(config().build(), noop(), other))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining("Duplicate key \"noop\"");
    }

    @Test
    void anEnabledEngineWithoutAProviderFailsAtStartUpNamingTheKey() {
        WorkerConfig config =
                config().engines(List.of("noop", "docker")).defaultPublisher("s3").build();

        assertThatThrownBy(() -> injector(config, noop()))
                .isInstanceOf(CreationException.class)
                .satisfies(
                        e ->
                                assertThat(((CreationException) e).getErrorMessages())
                                        .allSatisfy(
                                                m ->
                                                        assertThat(m.getCause())
                                                                .isInstanceOf(
                                                                        InvalidConfigException
                                                                                .class)))
                .hasMessageContaining(
                        "engines: the engine \"docker\" is enabled but this worker has no provider for"
                                + " it; installed: noop")
                .hasMessageContaining(
                        "defaultPublisher: the publisher \"s3\" has no provider on this worker;"
                                + " installed: noop");
    }

    @Test
    void unreadableTlsFilesAreNamed() {
        WorkerConfig config =
                config().tlsCert(storage.resolve("cert.pem"))
                        .tlsKey(storage.resolve("key.pem"))
                        .build();

        assertThatThrownBy(() -> injector(config, noop()))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining(
                        "tlsCert: cannot read " + storage.resolve("cert.pem") + ": no such file")
                .hasMessageContaining("tlsKey: cannot read");
    }

    @Test
    void aRegistrarMustBeBound() {
        assertThatThrownBy(
                        () ->
                                Guice.createInjector(
                                        Stage.PRODUCTION,
                                        new CaravelWorkerModule(config().build(), List::of),
                                        noop()))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining(
                        "Explicit bindings are required and Registrar is not explicitly bound");
    }

    @Test
    void serverOnlyTlsUsesTheJvmTrustStore() {
        Injector injector = injector(config().tlsEnabled(true).build(), noop());

        WorkflowServiceStubs stubs = injector.getInstance(WorkflowServiceStubs.class);
        assertThat(stubs.getOptions().getEnableHttps()).isTrue();
        stubs.shutdownNow();
    }
}
