package io.caravel.workers.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.providers.docker.DockerSettings;
import io.caravel.api.model.NetworkType;
import io.caravel.workers.tls.TemporalTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerConfigLoaderTest {
    @TempDir Path dir;

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("worker.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void defaultsApplyWhenNoLayerSetsAnything() {
        WorkerConfig c = WorkerConfigLoader.load(Optional.empty(), Map.of(), Map.of());

        assertThat(c.temporalAddress()).isEqualTo("127.0.0.1:7233");
        assertThat(c.namespace()).isEqualTo("default");
        assertThat(c.tls()).isEqualTo(TemporalTls.OFF);
        assertThat(NodeIds.isValid(c.nodeId())).isTrue();
        assertThat(c.labels()).isEmpty();
        assertThat(c.capacity()).isEqualTo(WorkerConfig.CapacityOverrides.NONE);
        assertThat(c.engines()).containsExactly("noop", "wasm");
        assertThat(c.networkTypes())
                .containsExactlyInAnyOrder(NetworkType.NONE, NetworkType.DEFAULT);
        assertThat(c.allowedLocalPaths()).isEmpty();
        assertThat(c.hostEnvAllowList()).isEmpty();
        assertThat(c.storageDir())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".caravel", "storage"));
        assertThat(c.defaultPublisher()).isEmpty();
        assertThat(c.metricsPort()).isZero();
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.placementSlots()).isEqualTo(2);
        assertThat(c.maxConcurrentPartitions()).isEqualTo(100);
    }

    @Test
    void aProvidersKeyIsReadFromFileEnvironmentAndFlagsWithTheSamePrecedence() throws IOException {
        Path file =
                yaml(
                        """
                dockerPidsLimit: 100
                docker_host: tcp://file:2375
                s3TransferParallelism: 3
                s3Region: file-region
                """);
        Map<String, String> env =
                Map.of(
                        "CARAVEL_DOCKER_PIDS_LIMIT", "200",
                        "CARAVEL_DOCKER_HOST", "tcp://env:2375",
                        "CARAVEL_S3_TRANSFER_PARALLELISM", "4");
        Map<String, String> flags =
                WorkerConfigLoader.parseArgs(
                                "--docker-pids-limit=300", "--s3-transfer-parallelism=5")
                        .flags();

        WorkerConfig defaults = WorkerConfigLoader.load(Optional.empty(), Map.of(), Map.of());
        WorkerConfig fileOnly = WorkerConfigLoader.load(Optional.of(file), Map.of(), Map.of());
        WorkerConfig fileEnv = WorkerConfigLoader.load(Optional.of(file), env, Map.of());
        WorkerConfig all = WorkerConfigLoader.load(Optional.of(file), env, flags);

        assertThat(defaults.docker()).isEqualTo(DockerSettings.DEFAULTS);
        assertThat(fileOnly.docker().pidsLimit()).isEqualTo(100);
        assertThat(fileOnly.docker().host()).isEqualTo("tcp://file:2375");
        assertThat(fileEnv.docker().pidsLimit()).isEqualTo(200);
        assertThat(fileEnv.docker().host()).isEqualTo("tcp://env:2375");
        assertThat(all.docker().pidsLimit()).isEqualTo(300);
        assertThat(all.docker().host()).isEqualTo("tcp://env:2375");
        assertThat(defaults.s3().transferParallelism()).isEqualTo(8);
        assertThat(fileOnly.s3().transferParallelism()).isEqualTo(3);
        assertThat(fileEnv.s3().transferParallelism()).isEqualTo(4);
        assertThat(all.s3().transferParallelism()).isEqualTo(5);
        assertThat(all.s3().defaultRegion()).isEqualTo("file-region");
        assertThat(all.toBuilder().build()).isEqualTo(all);
    }

    @Test
    void everyProvidersSettingsSurviveABuilderStartedFromTheConfiguration() {
        Map<String, String> flags =
                WorkerConfigLoader.parseArgs(
                                "--docker-host=tcp://d:2376",
                                "--docker-skip-image-pull",
                                "--docker-username=u",
                                "--docker-password=p",
                                "--docker-pids-limit=7",
                                "--wasm-heap-percent=50",
                                "--wasm-heap-reserve=1Gi",
                                "--s3-endpoint=http://127.0.0.1:7070",
                                "--s3-region=eu-west-1",
                                "--s3-access-key-id=id",
                                "--s3-secret-access-key=secret",
                                "--s3-checksum-mode=whenRequired",
                                "--s3-transfer-parallelism=3",
                                "--ipfs-api=",
                                "--ipfs-timeout=1m",
                                "--url-read-timeout=2m",
                                "--url-max-retries=0",
                                "--results-port=0",
                                "--results-token=t",
                                "--results-advertised-url=http://r:1",
                                "--results-retention=0")
                        .flags();

        WorkerConfig c = WorkerConfigLoader.load(Optional.empty(), Map.of(), flags);

        assertThat(c.docker().pulls().skip()).isTrue();
        assertThat(c.wasmHeap().reserveBytes()).isEqualTo(1L << 30);
        assertThat(c.ipfs().api()).isEmpty();
        assertThat(c.url().maxRetries()).isZero();
        assertThat(c.results().token()).contains("t");
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(WorkerSettings.all())
                .extracting(s -> s.section())
                .containsSubsequence(
                        ConfigKey.SECTION,
                        DockerSettings.SECTION,
                        io.caravel.activities.providers.s3.S3Settings.SECTION);
    }

    @Test
    void aProvidersBuilderSetterTakesNullAsBefore() {
        assertThat(WorkerConfig.builder().nodeId("n").ipfsApi(null).build().ipfs().api()).isEmpty();
        assertThat(WorkerConfig.builder().nodeId("n").dockerCertPath(null).build().dockerCertPath())
                .isEmpty();
        assertThatThrownBy(() -> WorkerConfig.builder().nodeId("n").dockerHost(null).build())
                .hasMessageContaining("dockerHost: invalid Docker host \"\"");
    }

    @Test
    void aProvidersInvalidValueNamesTheKeyAndTheLayer() throws IOException {
        Path file = yaml("dockerPidsLimit: -5\n");

        assertThatThrownBy(
                        () ->
                                WorkerConfigLoader.load(
                                        Optional.of(file),
                                        Map.of("CARAVEL_DOCKER_HOST", "http://x"),
                                        Map.of("dockerUsername", "me")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(
                        "dockerPidsLimit (in "
                                + file
                                + "): invalid limit -5; use a number of processes such as 2048,"
                                + " or 0 or -1 for no limit")
                .hasMessageContaining(
                        "dockerHost (from CARAVEL_DOCKER_HOST): invalid Docker host \"http://x\"")
                .hasMessageContaining("dockerPassword: missing: dockerUsername is set");
        assertThatThrownBy(
                        () ->
                                WorkerConfigLoader.load(
                                        Optional.empty(),
                                        Map.of(),
                                        WorkerConfigLoader.parseArgs("--docker-pids-limit=many")
                                                .flags()))
                .hasMessageContaining(
                        "dockerPidsLimit (from --docker-pids-limit): expected a whole number, got"
                                + " \"many\"");
    }

    @Test
    void eachLayerOverridesTheOneBefore() throws IOException {
        Path file =
                yaml(
                        """
                nodeId: from-file
                namespace: file-ns
                metricsPort: 9100
                labels:
                  zone: a
                """);
        Map<String, String> env =
                Map.of(
                        "CARAVEL_NAMESPACE", "env-ns",
                        "CARAVEL_METRICS_PORT", "9200",
                        "CARAVEL_NODE_ID", "from-env");
        Map<String, String> flags = Map.of("metricsPort", "9300");

        WorkerConfig fileOnly = WorkerConfigLoader.load(Optional.of(file), Map.of(), Map.of());
        WorkerConfig fileEnv = WorkerConfigLoader.load(Optional.of(file), env, Map.of());
        WorkerConfig all = WorkerConfigLoader.load(Optional.of(file), env, flags);

        assertThat(fileOnly.nodeId()).isEqualTo("from-file");
        assertThat(fileOnly.namespace()).isEqualTo("file-ns");
        assertThat(fileOnly.metricsPort()).isEqualTo(9100);
        assertThat(fileOnly.temporalAddress()).isEqualTo(WorkerConfig.DEFAULT_TEMPORAL_ADDRESS);

        assertThat(fileEnv.nodeId()).isEqualTo("from-env");
        assertThat(fileEnv.namespace()).isEqualTo("env-ns");
        assertThat(fileEnv.metricsPort()).isEqualTo(9200);
        assertThat(fileEnv.labels()).containsExactly(Map.entry("zone", "a"));

        assertThat(all.metricsPort()).isEqualTo(9300);
        assertThat(all.namespace()).isEqualTo("env-ns");
        assertThat(all.nodeId()).isEqualTo("from-env");
    }

    @Test
    void everyKeyCanBeSetFromTheFileInAnyCase() throws IOException {
        Path file =
                yaml(
                        """
                TemporalAddress: temporal.example.com:7233
                NAMESPACE: jobs
                tls_ca: /etc/caravel/ca.pem
                node-id: gpu-1
                Labels: {zone: eu-1, gpu: "true"}
                capacityCpu: "7500m"
                capacity_memory: 64Gi
                CAPACITYDISK: 500Gb
                capacityGpus: 2
                engines: [noop, Docker]
                networkTypes: [none, host]
                allowedLocalPaths: ["/data/**", "/scratch/**:rw"]
                hostEnvAllowList: [AWS_*]
                storageDir: ~/caravel
                defaultPublisher: Local
                heartbeatInterval: 1m30s
                shutdownGracePeriod: PT5S
                placementSlots: 4
                maxConcurrentPartitions: 20
                """);

        WorkerConfig c = WorkerConfigLoader.load(Optional.of(file), Map.of(), Map.of());

        assertThat(c.temporalAddress()).isEqualTo("temporal.example.com:7233");
        assertThat(c.namespace()).isEqualTo("jobs");
        assertThat(c.tls().enabled()).isTrue();
        assertThat(c.tls().ca()).contains(Path.of("/etc/caravel/ca.pem"));
        assertThat(c.nodeId()).isEqualTo("gpu-1");
        assertThat(c.labels()).containsExactly(Map.entry("zone", "eu-1"), Map.entry("gpu", "true"));
        assertThat(c.capacity().cpuMillis()).hasValue(7500);
        assertThat(c.capacity().memoryBytes()).hasValue(64L << 30);
        assertThat(c.capacity().diskBytes()).hasValue(500_000_000_000L);
        assertThat(c.capacity().gpus()).hasValue(2);
        assertThat(c.engines()).containsExactly("docker", "noop");
        assertThat(c.networkTypes()).containsExactlyInAnyOrder(NetworkType.NONE, NetworkType.HOST);
        assertThat(c.allowedLocalPaths()).containsExactly("/data/**", "/scratch/**:rw");
        assertThat(c.hostEnvAllowList()).containsExactly("AWS_*");
        assertThat(c.storageDir()).isEqualTo(Path.of(System.getProperty("user.home"), "caravel"));
        assertThat(c.defaultPublisher()).isEqualTo("local");
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.shutdownGracePeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.placementSlots()).isEqualTo(4);
        assertThat(c.maxConcurrentPartitions()).isEqualTo(20);
    }

    @Test
    void aTlsServerNameTurnsTlsOn() {
        WorkerConfig c =
                WorkerConfigLoader.load(
                        Optional.empty(),
                        Map.of("CARAVEL_TLS_SERVER_NAME", "temporal.internal"),
                        Map.of());

        assertThat(c.tls())
                .isEqualTo(
                        new TemporalTls(
                                true,
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of("temporal.internal")));
        assertThat(c.toBuilder().build().tls()).isEqualTo(c.tls());
    }

    @Test
    void environmentValuesAreTextWithCommaSeparatedListsAndMaps() {
        Map<String, String> env =
                Map.of(
                        "CARAVEL_TEMPORAL_ADDRESS", "10.0.0.5:7233",
                        "CARAVEL_LABELS", "a=b,c=d",
                        "CARAVEL_ENGINES", "noop, wasm",
                        "CARAVEL_NETWORK_TYPES", "None",
                        "CARAVEL_TLS", "true",
                        "CARAVEL_HEARTBEAT_INTERVAL", "500ms",
                        "CARAVEL_API_HOST", "ignored: the CLI shares the prefix",
                        "PATH", "/usr/bin");

        WorkerConfig c = WorkerConfigLoader.load(Optional.empty(), env, Map.of());

        assertThat(c.temporalAddress()).isEqualTo("10.0.0.5:7233");
        assertThat(c.labels()).containsExactly(Map.entry("a", "b"), Map.entry("c", "d"));
        assertThat(c.engines()).containsExactly("noop", "wasm");
        assertThat(c.networkTypes()).containsExactly(NetworkType.NONE);
        assertThat(c.tls().enabled()).isTrue();
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void theConfigFileComesFromTheFlagOrElseTheEnvironment() throws IOException {
        Path file = yaml("nodeId: from-file\n");
        Path other = Files.writeString(dir.resolve("other.yaml"), "nodeId: from-other\n");
        Map<String, String> env = Map.of(WorkerConfigLoader.CONFIG_ENV, other.toString());

        WorkerConfig viaEnv =
                WorkerConfigLoader.fromCommandLine(WorkerConfigLoader.parseArgs(), env);
        WorkerConfig viaFlag =
                WorkerConfigLoader.fromCommandLine(
                        WorkerConfigLoader.parseArgs("--config", file.toString()), env);

        assertThat(viaEnv.nodeId()).isEqualTo("from-other");
        assertThat(viaFlag.nodeId()).isEqualTo("from-file");
    }

    @Test
    void anUnknownFileKeyIsNamedWithTheAcceptedKeysAndASuggestion() throws IOException {
        Path file = yaml("nodeid: a\nnodeLabels: {a: b}\nlabel: {a: b}\n");

        assertThatThrownBy(() -> WorkerConfigLoader.load(Optional.of(file), Map.of(), Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(
                        "nodeLabels (in "
                                + file
                                + "): unknown key; accepted keys: temporalAddress,"
                                + " namespace, tls, tlsCert")
                .hasMessageContaining("label (in " + file + "): unknown key")
                .hasMessageContaining("did you mean 'labels'?");
    }

    @Test
    void aKeyGivenTwiceInDifferentSpellingsIsRefused() throws IOException {
        Path file = yaml("nodeId: a\nnode_id: b\n");

        assertThatThrownBy(() -> WorkerConfigLoader.load(Optional.of(file), Map.of(), Map.of()))
                .hasMessageContaining("the key nodeId is given twice, as nodeId and node_id");
    }

    @Test
    void aFileThatIsNotAMapOrNotYamlOrMissingIsReported() throws IOException {
        Path list = yaml("- a\n- b\n");
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "nodeId: [a\n");

        assertThatThrownBy(() -> WorkerConfigLoader.load(Optional.of(list), Map.of(), Map.of()))
                .hasMessageContaining("must be a YAML map of keys to values");
        assertThatThrownBy(() -> WorkerConfigLoader.load(Optional.of(broken), Map.of(), Map.of()))
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(
                        () ->
                                WorkerConfigLoader.load(
                                        Optional.of(dir.resolve("nope.yaml")), Map.of(), Map.of()))
                .hasMessageContaining("nope.yaml: the configuration file does not exist");
    }

    @Test
    void badValuesNameTheKeyWhereItWasSetAndWhatIsAccepted() throws IOException {
        Path file = yaml("capacityCpu: lots\nengines: [dokcer]\n");
        Map<String, String> env =
                Map.of(
                        "CARAVEL_METRICS_PORT", "abc",
                        "CARAVEL_NODE_ID", "Bad_Id",
                        "CARAVEL_HEARTBEAT_INTERVAL", "10");
        Map<String, String> flags = Map.of("networkTypes", "none,wifi", "placementSlots", "0");

        assertThatThrownBy(() -> WorkerConfigLoader.load(Optional.of(file), env, flags))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(
                        "metricsPort (from CARAVEL_METRICS_PORT): expected a whole number, got \"abc\"")
                .hasMessageContaining(
                        "heartbeatInterval (from CARAVEL_HEARTBEAT_INTERVAL): invalid duration \"10\";"
                                + " write a duration with a unit")
                .hasMessageContaining(
                        "networkTypes (from --network-types): unknown network type \"wifi\"; accepted:"
                                + " Default, None, Host, Full, HTTP, Bridge")
                .hasMessageContaining(
                        "capacityCpu (in " + file + "): invalid CPU value: lots; use cores")
                .hasMessageContaining(
                        "engines (in "
                                + file
                                + "): unknown engine type \"dokcer\"; accepted: docker,"
                                + " noop, wasm; did you mean 'docker'?")
                .hasMessageContaining(
                        "nodeId (from CARAVEL_NODE_ID): invalid node id \"Bad_Id\"; use 1 to 63"
                                + " lower-case letters")
                .hasMessageContaining(
                        "placementSlots (from --placement-slots): must be at least 1, got 0");
    }

    @Test
    void aListWhereOneValueBelongsIsRefused() throws IOException {
        Path file = yaml("namespace: [a, b]\n");

        assertThatThrownBy(() -> WorkerConfigLoader.load(Optional.of(file), Map.of(), Map.of()))
                .hasMessageContaining(
                        "namespace (in " + file + "): expected one value, got a list");
    }

    @Test
    void flagsAreParsed() {
        WorkerConfigLoader.CommandLine cl =
                WorkerConfigLoader.parseArgs(
                        "--config=/etc/w.yaml",
                        "--node-id=gpu-1",
                        "--tls",
                        "--labels=a=b,c=d",
                        "--metrics-port=1",
                        "--metrics-port=9100");

        assertThat(cl.configFile()).contains(Path.of("/etc/w.yaml"));
        assertThat(cl.help()).isFalse();
        assertThat(cl.flags())
                .containsEntry("nodeId", "gpu-1")
                .containsEntry("tls", "true")
                .containsEntry("labels", "a=b,c=d")
                .containsEntry("metricsPort", "9100");
        WorkerConfig c =
                WorkerConfigLoader.fromCommandLine(
                        new WorkerConfigLoader.CommandLine(Optional.empty(), cl.flags(), false),
                        Map.of());
        assertThat(c.labels()).containsExactly(Map.entry("a", "b"), Map.entry("c", "d"));
        assertThat(WorkerConfigLoader.parseArgs("-h").help()).isTrue();
    }

    @Test
    void unknownFlagsAndStrayArgumentsAreRefused() {
        assertThatThrownBy(() -> WorkerConfigLoader.parseArgs("--node-idd=x", "stray"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(
                        "--node-idd: unknown flag; accepted: --config, --temporal-address")
                .hasMessageContaining("did you mean '--node-id'?")
                .hasMessageContaining("stray: not a flag; write --key=value");
        assertThatThrownBy(() -> WorkerConfigLoader.parseArgs("--config"))
                .hasMessageContaining("--config: needs a file");
    }

    @Test
    void tlsNeedsCertificateAndKeyTogether() {
        assertThatThrownBy(
                        () ->
                                WorkerConfigLoader.load(
                                        Optional.empty(),
                                        Map.of("CARAVEL_TLS_CERT", "/etc/cert.pem"),
                                        Map.of()))
                .hasMessageContaining("tlsKey: a client certificate needs both tlsCert and tlsKey");
    }
}
