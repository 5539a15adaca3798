package io.caravel.workers.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import io.caravel.activities.cache.InputCache;
import io.caravel.activities.providers.docker.DockerEngine;
import io.caravel.activities.providers.inline.InlineSource;
import io.caravel.activities.providers.ipfs.IpfsPublisher;
import io.caravel.activities.providers.ipfs.IpfsSource;
import io.caravel.activities.providers.local.LocalSource;
import io.caravel.activities.providers.s3.S3Publisher;
import io.caravel.activities.providers.s3.S3Source;
import io.caravel.activities.providers.url.UrlDownloadSource;
import io.caravel.activities.providers.wasm.WasmEngine;
import io.caravel.activities.settings.Setting;
import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.activities.spi.Publisher;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.workers.Registrar;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.config.WorkerSettings;
import io.caravel.workers.inject.CaravelWorkerModule;
import io.caravel.workers.registry.NodeDescription;
import io.caravel.workflows.activities.StagedInputs;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

class BuiltinProvidersTest {
    private static final Job NOOP_JOB =
            Job.builder()
                    .id("j-1")
                    .name("test")
                    .namespace("default")
                    .type("batch")
                    .count(1)
                    .task(
                            Task.builder()
                                    .name("main")
                                    .engine(SpecConfig.of("noop", Map.of()))
                                    .build())
                    .build();

    @TempDir Path tmp;

    private Injector injector(List<String> allowedLocalPaths) {
        WorkerConfig config =
                WorkerConfig.builder()
                        .nodeId("n-1")
                        .storageDir(tmp.resolve("storage"))
                        .capacityCpu("2")
                        .capacityMemory("1Gi")
                        .capacityDisk("1Gi")
                        .allowedLocalPaths(allowedLocalPaths)
                        .build();
        return Guice.createInjector(
                Stage.PRODUCTION,
                new CaravelWorkerModule(config, List::of),
                binder -> binder.bind(Registrar.class).toInstance(Registrar.NONE),
                BuiltinProviders.providers());
    }

    private static Map<String, InputSourceProvider> sources(Injector injector) {
        return injector.getInstance(
                Key.get(new TypeLiteral<Map<String, InputSourceProvider>>() {}));
    }

    @Test
    void inlineS3AndLocalUnderBothKeysAreInstalled() {
        Injector injector = injector(List.of());
        Map<String, InputSourceProvider> sources = sources(injector);

        assertThat(sources)
                .containsOnlyKeys("inline", "local", "localdirectory", "ipfs", "urldownload", "s3");
        assertThat(sources.get("inline")).isInstanceOf(InlineSource.class);
        assertThat(sources.get("s3")).isInstanceOf(S3Source.class);
        assertThat(sources.get("local"))
                .isInstanceOf(LocalSource.class)
                .isSameAs(sources.get("localdirectory"));
        assertThat(injector.getInstance(NodeDescription.class).get().sources())
                .contains("inline", "local", "s3");
        assertThat(
                        injector.getInstance(Key.get(new TypeLiteral<Map<String, Publisher>>() {}))
                                .get("s3"))
                .isInstanceOf(S3Publisher.class);
        injector.getInstance(WorkflowServiceStubs.class).shutdownNow();
    }

    @Test
    void urlDownloadAndIpfsShareTheNodesInputCacheUnderStorageDir() {
        Injector injector = injector(List.of());
        Map<String, InputSourceProvider> sources = sources(injector);
        Map<String, Publisher> publishers =
                injector.getInstance(Key.get(new TypeLiteral<Map<String, Publisher>>() {}));

        assertThat(sources.get("urldownload")).isInstanceOf(UrlDownloadSource.class);
        assertThat(sources.get("ipfs")).isInstanceOf(IpfsSource.class);
        assertThat(publishers.get("ipfs")).isInstanceOf(IpfsPublisher.class);
        InputCache cache = injector.getInstance(InputCache.class);
        assertThat(cache).isSameAs(injector.getInstance(InputCache.class));
        assertThat(cache.maxBytes()).isEqualTo(WorkerConfig.DEFAULT_INPUT_CACHE_SIZE);
        assertThat(tmp.resolve("storage/input-cache/entries")).isDirectory();
        injector.getInstance(WorkflowServiceStubs.class).shutdownNow();
    }

    @Test
    void s3StagesThroughTheNodesInputCache() throws Exception {
        String endpoint = System.getProperty("caravel.s3.endpoint", "http://127.0.0.1:7070");
        String access = System.getProperty("caravel.s3.accessKey", "caravel-test");
        String secret = System.getProperty("caravel.s3.secretKey", "caravel-test-secret");
        WorkerConfig config =
                WorkerConfig.builder()
                        .nodeId("n-1")
                        .storageDir(tmp.resolve("storage"))
                        .capacityCpu("2")
                        .capacityMemory("1Gi")
                        .capacityDisk("1Gi")
                        .s3Endpoint(endpoint)
                        .s3Region("us-east-1")
                        .s3AccessKeyId(access)
                        .s3SecretAccessKey(secret)
                        .build();
        Injector injector =
                Guice.createInjector(
                        Stage.PRODUCTION,
                        new CaravelWorkerModule(config, List::of),
                        binder -> binder.bind(Registrar.class).toInstance(Registrar.NONE),
                        BuiltinProviders.providers());
        String bucket =
                "bp-" + UUID.randomUUID().toString().substring(0, 12).toLowerCase(Locale.ROOT);
        try (S3Client admin =
                S3Client.builder()
                        .endpointOverride(URI.create(endpoint))
                        .forcePathStyle(true)
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(access, secret)))
                        .build()) {
            admin.createBucket(b -> b.bucket(bucket));
            try {
                admin.putObject(
                        b -> b.bucket(bucket).key("in.txt"), RequestBody.fromString("cached"));
                InputSourceProvider s3 = sources(injector).get("s3");
                InputSource input =
                        new InputSource(
                                SpecConfig.of("s3", Map.of("Bucket", bucket, "Key", "in.txt")),
                                "",
                                "/in");
                for (int job = 0; job < 2; job++) {
                    Path scratch = Files.createDirectories(tmp.resolve("scratch-" + job));
                    StagedInput staged =
                            s3.stage(
                                    input,
                                    scratch,
                                    new ExecutionContext(
                                            NOOP_JOB,
                                            "e-" + job,
                                            0,
                                            "n-1",
                                            null,
                                            scratch,
                                            scratch.resolve("results"),
                                            scratch.resolve("logs"),
                                            StagedInputs.NONE,
                                            Map.of(),
                                            m -> {},
                                            () -> false));
                    assertThat(Files.readString(Path.of(staged.hostPath(), "in.txt")))
                            .isEqualTo("cached");
                    assertThat(staged.readOnly()).isTrue();
                }
                assertThat(injector.getInstance(InputCache.class).entryCount()).isEqualTo(1);
            } finally {
                admin.deleteObject(b -> b.bucket(bucket).key("in.txt"));
                admin.deleteBucket(b -> b.bucket(bucket));
            }
        }
        injector.getInstance(WorkflowServiceStubs.class).shutdownNow();
    }

    @Test
    void withoutAnIpfsApiIpfsFailsClearlyAndIsNotRetried() {
        WorkerConfig config =
                WorkerConfig.builder()
                        .nodeId("n-1")
                        .storageDir(tmp.resolve("storage"))
                        .capacityCpu("2")
                        .capacityMemory("1Gi")
                        .capacityDisk("1Gi")
                        .ipfsApi("")
                        .build();
        Injector injector =
                Guice.createInjector(
                        Stage.PRODUCTION,
                        new CaravelWorkerModule(config, List::of),
                        binder -> binder.bind(Registrar.class).toInstance(Registrar.NONE),
                        BuiltinProviders.providers());

        assertThatThrownBy(
                        () ->
                                sources(injector)
                                        .get("ipfs")
                                        .stage(
                                                new InputSource(
                                                        SpecConfig.of(
                                                                "ipfs", Map.of("CID", "bafy")),
                                                        "",
                                                        "/in"),
                                                tmp,
                                                null))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage())
                                    .isEqualTo("ipfs is off on node n-1: its ipfsApi is empty");
                        });
        injector.getInstance(WorkflowServiceStubs.class).shutdownNow();
    }

    @Test
    void theWasmAndNoopEnginesAreInstalledAndEnabledByDefault() {
        Injector injector = injector(List.of());
        Map<String, Engine> engines =
                injector.getInstance(Key.get(new TypeLiteral<Map<String, Engine>>() {}));

        assertThat(engines).containsOnlyKeys("wasm", "noop", "docker");
        assertThat(engines.get("wasm")).isInstanceOf(WasmEngine.class);
        assertThat(injector.getInstance(NodeDescription.class).get().engines())
                .containsExactlyInAnyOrder("wasm", "noop");
        injector.getInstance(WorkflowServiceStubs.class).shutdownNow();
    }

    @Test
    void theDockerEngineIsEnabledWhenTheEnginesListIt() {
        WorkerConfig config =
                WorkerConfig.builder()
                        .nodeId("n-1")
                        .storageDir(tmp.resolve("storage"))
                        .capacityCpu("2")
                        .capacityMemory("1Gi")
                        .capacityDisk("1Gi")
                        .engines(List.of("noop", "docker"))
                        .dockerHost("unix:///var/run/docker.sock")
                        .build();
        Injector injector =
                Guice.createInjector(
                        Stage.PRODUCTION,
                        new CaravelWorkerModule(config, List::of),
                        binder -> binder.bind(Registrar.class).toInstance(Registrar.NONE),
                        BuiltinProviders.providers());
        Map<String, Engine> engines =
                injector.getInstance(Key.get(new TypeLiteral<Map<String, Engine>>() {}));

        assertThat(engines.get("docker")).isInstanceOf(DockerEngine.class);
        assertThat(injector.getInstance(NodeDescription.class).get().engines())
                .containsExactlyInAnyOrder("noop", "docker");
        injector.getInstance(WorkflowServiceStubs.class).shutdownNow();
    }

    @Test
    void theLocalSourceJudgesPathsByTheWorkersAllowList() throws Exception {
        Path data = Files.createDirectories(tmp.toRealPath().resolve("data"));
        Files.writeString(data.resolve("in.txt"), "x");
        Path elsewhere = Files.writeString(tmp.toRealPath().resolve("elsewhere.txt"), "y");
        Injector injector = injector(List.of(data + "/**"));
        InputSourceProvider local = sources(injector).get("localdirectory");

        StagedInput staged =
                local.stage(
                        new InputSource(
                                SpecConfig.of(
                                        "localDirectory",
                                        Map.of("SourcePath", data.resolve("in.txt").toString())),
                                "",
                                "/in"),
                        tmp,
                        null);

        assertThat(staged.hostPath()).isEqualTo(data.resolve("in.txt").toString());
        assertThatThrownBy(
                        () ->
                                local.stage(
                                        new InputSource(
                                                SpecConfig.of(
                                                        "local",
                                                        Map.of("SourcePath", elsewhere.toString())),
                                                "",
                                                "/in"),
                                        tmp,
                                        null))
                .isInstanceOf(CaravelException.class)
                .hasMessageContaining("is not allowlisted");
        injector.getInstance(WorkflowServiceStubs.class).shutdownNow();
    }

    @Test
    void theAssemblyStillBuildsFromSettingsAlone() {
        assertThat(BuiltinProviders.assembly(io.caravel.workflows.OrchestrationSettings.DEFAULTS))
                .extracting(m -> m.getClass().getSimpleName())
                .contains("LocalResultsModule", "NodeAssemblyModule");
    }

    @Test
    void theConfigurationsProviderKeysAreTheFamiliesSettingsInFamilyOrder() {
        List<Setting<?>> declared =
                BuiltinProviders.families().stream()
                        .flatMap(f -> f.settings().stream())
                        .flatMap(d -> d.settings().stream())
                        .toList();

        assertThat(declared).extracting(Setting::key).contains("dockerHost", "s3Endpoint");
        assertThat(WorkerSettings.all()).endsWith(declared.toArray(Setting<?>[]::new));
    }
}
