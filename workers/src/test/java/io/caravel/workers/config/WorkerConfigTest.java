package io.caravel.workers.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {
    @Test
    void theBuilderReportsEveryProblemAtOnceUnderTheKeyNames() {
        WorkerConfig.Builder b =
                WorkerConfig.builder()
                        .temporalAddress("localhost")
                        .namespace(" ")
                        .nodeId("-x-")
                        .labels(Map.of("bad key!", "v"))
                        .capacityMemory("12 parsecs")
                        .capacityGpus("-1")
                        .allowedLocalPaths(List.of(" "))
                        .defaultPublisher("ipfss")
                        .metricsPort(70000)
                        .heartbeatInterval(Duration.ZERO)
                        .shutdownGracePeriod(Duration.ofSeconds(-1));

        assertThatThrownBy(b::build)
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(
                        e ->
                                assertThat(((InvalidConfigException) e).problems())
                                        .extracting(p -> p.path())
                                        .containsExactly(
                                                "temporalAddress",
                                                "namespace",
                                                "nodeId",
                                                "labels",
                                                "capacityMemory",
                                                "capacityGpus",
                                                "defaultPublisher",
                                                "metricsPort",
                                                "heartbeatInterval",
                                                "shutdownGracePeriod",
                                                // providers' keys after the node-wide ones
                                                "allowedLocalPaths"))
                .hasMessageContaining(
                        "temporalAddress: invalid address \"localhost\"; use host:port")
                .hasMessageContaining("invalid memory value: 12parsecs")
                .hasMessageContaining("invalid GPU value: -1")
                .hasMessageContaining(
                        "unknown publisher type \"ipfss\"; accepted: ipfs, local, noop, s3, s3managed;"
                                + " did you mean 'ipfs'?")
                .hasMessageContaining(
                        "metricsPort: invalid port 70000; use 1 to 65535, or 0 to turn")
                .hasMessageContaining("heartbeatInterval: must be more than 0, got 0s");
    }

    @Test
    void dockerHostDefaultsToTheUnixSocketAndMustBeADaemonUrl() {
        assertThat(WorkerConfig.builder().nodeId("n").build().dockerHost())
                .isEqualTo("unix:///var/run/docker.sock");
        assertThat(
                        WorkerConfig.builder()
                                .nodeId("n")
                                .dockerHost(" tcp://127.0.0.1:2375 ")
                                .build()
                                .dockerHost())
                .isEqualTo("tcp://127.0.0.1:2375");
        assertThatThrownBy(
                        () ->
                                WorkerConfig.builder()
                                        .nodeId("n")
                                        .dockerHost("/var/run/docker.sock")
                                        .build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("dockerHost")
                .hasMessageContaining(
                        "invalid Docker host \"/var/run/docker.sock\"; use unix:///var/run/docker.sock");
    }

    @Test
    void aTaskWithoutDiskMayWriteHalfTheNodesDiskUnlessDefaultTaskDiskSaysOtherwise() {
        WorkerConfig defaults = WorkerConfig.builder().nodeId("n").build();
        assertThat(defaults.taskDisk().resolve(100_000_000_000L)).isEqualTo(50_000_000_000L);
        assertThat(defaults.docker().diskWatchInterval()).isEqualTo(Duration.ofMillis(500));
        WorkerConfig set =
                WorkerConfig.builder()
                        .nodeId("n")
                        .defaultTaskDisk("20Gi")
                        .diskWatchInterval(Duration.ofSeconds(2))
                        .build();
        assertThat(set.taskDisk().resolve(100_000_000_000L)).isEqualTo(20L << 30);
        assertThat(set.docker().diskWatchInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(set.toBuilder().build().taskDisk()).isEqualTo(set.taskDisk());
        assertThat(set.toBuilder().build().docker()).isEqualTo(set.docker());
        assertThatThrownBy(
                        () ->
                                WorkerConfig.builder()
                                        .nodeId("n")
                                        .defaultTaskDisk("0")
                                        .diskWatchInterval(Duration.ZERO)
                                        .build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(
                        "defaultTaskDisk: the default task disk must be more than 0, got 0")
                .hasMessageContaining("diskWatchInterval: must be more than 0, got 0s");
    }

    @Test
    void portRangeDefaultsToBacalhausAndMustBeARangeOfUnprivilegedPorts() {
        assertThat(WorkerConfig.builder().nodeId("n").build().portRange())
                .hasToString("20000-32000");
        assertThat(
                        WorkerConfig.builder()
                                .nodeId("n")
                                .portRange("40000-40009")
                                .build()
                                .portRange()
                                .size())
                .isEqualTo(10);
        assertThatThrownBy(() -> WorkerConfig.builder().nodeId("n").portRange("80-8080").build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(
                        "portRange: port range 80-8080 is invalid; give FIRST-LAST with 1024 <=");
    }

    @Test
    void grpcTargetsAndIpv6AddressesAreAccepted() {
        assertThat(
                        WorkerConfig.builder()
                                .temporalAddress("dns:///temporal:7233")
                                .nodeId("n")
                                .build()
                                .temporalAddress())
                .isEqualTo("dns:///temporal:7233");
        assertThat(
                        WorkerConfig.builder()
                                .temporalAddress("[::1]:7233")
                                .nodeId("n")
                                .build()
                                .temporalAddress())
                .isEqualTo("[::1]:7233");
    }

    @Test
    void toBuilderRoundTrips() {
        WorkerConfig c =
                WorkerConfig.builder()
                        .nodeId("n1")
                        .capacityCpu("2")
                        .capacityMemory("1Gi")
                        .capacityGpus("1")
                        .tlsCa(Path.of("/ca.pem"))
                        .labels(Map.of("a", "b"))
                        .build();

        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void zeroCpuCapacityIsRefused() {
        assertThatThrownBy(() -> WorkerConfig.builder().nodeId("n").capacityCpu("0").build())
                .hasMessageContaining("capacityCpu: CPU capacity must be more than 0, got 0");
    }

    @Test
    void theResultsServerKeysAreCheckedAndTheTokenIsNeverPrinted() {
        assertThatThrownBy(
                        () ->
                                WorkerConfig.builder()
                                        .nodeId("n")
                                        .resultsAddress(" ")
                                        .resultsPort(65536)
                                        .resultsAdvertisedUrl("ftp://host/")
                                        .build())
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(
                        e ->
                                assertThat(((InvalidConfigException) e).problems())
                                        .extracting(p -> p.path())
                                        .containsExactly(
                                                "resultsAddress",
                                                "resultsPort",
                                                "resultsAdvertisedUrl"))
                .hasMessageContaining(
                        "resultsPort: invalid port 65536; use 1 to 65535, or 0 for a free port")
                .hasMessageContaining("resultsAdvertisedUrl: invalid URL \"ftp://host\"");

        WorkerConfig defaults = WorkerConfig.builder().nodeId("n").build();
        assertThat(defaults.results().address()).isEqualTo("127.0.0.1");
        assertThat(defaults.results().port()).isEqualTo(6001);
        assertThat(defaults.results().advertisedUrl(6001)).isEqualTo("http://127.0.0.1:6001");

        WorkerConfig set =
                WorkerConfig.builder()
                        .nodeId("n")
                        .resultsAdvertisedUrl("https://r.example.com/w1/")
                        .resultsToken(" s3cret ")
                        .build();
        assertThat(set.results().advertisedUrl(6001)).isEqualTo("https://r.example.com/w1");
        assertThat(set.results().token()).contains("s3cret");
        assertThat(set.toString()).doesNotContain("s3cret");
        assertThat(set.toBuilder().build()).isEqualTo(set);
    }

    @Test
    void theLongRunningJobKeysAreCheckedAndKeptByToBuilder() {
        assertThatThrownBy(
                        () ->
                                WorkerConfig.builder()
                                        .nodeId("n")
                                        .restartBackoff(java.time.Duration.ofMinutes(10))
                                        .daemonNodeCheck(java.time.Duration.ZERO)
                                        .longRunningHistory(50)
                                        .build())
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(
                        e ->
                                assertThat(((InvalidConfigException) e).problems())
                                        .extracting(p -> p.path())
                                        .containsExactly(
                                                "restartBackoffMax",
                                                "daemonNodeCheck",
                                                "longRunningHistory"))
                .hasMessageContaining(
                        "restartBackoffMax: must be at least restartBackoff (10m), got 5m")
                .hasMessageContaining("longRunningHistory: must be at least 100 events, got 50");

        WorkerConfig set = WorkerConfig.builder().nodeId("n").longRunningHistory(200).build();
        assertThat(set.longRunning().history()).isEqualTo(200);
        assertThat(set.toBuilder().build()).isEqualTo(set);
    }

    @Test
    void dockerCertPathNeedsATcpHostAndTheThreeFiles(@org.junit.jupiter.api.io.TempDir Path certs)
            throws Exception {
        assertThatThrownBy(() -> WorkerConfig.builder().nodeId("n").dockerCertPath(certs).build())
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(
                        e ->
                                assertThat(((InvalidConfigException) e).problems())
                                        .extracting(p -> p.message())
                                        .containsExactly(
                                                "TLS applies to a daemon reached over tcp://HOST:PORT, but dockerHost is"
                                                        + " unix:///var/run/docker.sock; unset dockerCertPath, or point dockerHost at the"
                                                        + " daemon's TLS port (usually 2376)",
                                                "cannot read ca.pem, cert.pem, key.pem in "
                                                        + certs
                                                        + "; the folder needs ca.pem (the"
                                                        + " daemon's CA), cert.pem and key.pem (this node's client certificate and"
                                                        + " key), as Docker's DOCKER_CERT_PATH"));

        for (String file : List.of("ca.pem", "cert.pem", "key.pem")) {
            java.nio.file.Files.writeString(certs.resolve(file), "pem");
        }
        WorkerConfig set =
                WorkerConfig.builder()
                        .nodeId("n")
                        .dockerHost("tcp://docker-1.internal:2376")
                        .dockerCertPath(certs)
                        .build();
        assertThat(set.dockerCertPath()).contains(certs);
        assertThat(set.toBuilder().build()).isEqualTo(set);
        assertThat(WorkerConfig.builder().nodeId("n").build().dockerCertPath()).isEmpty();
    }

    @Test
    void dockerPullSettingsNeedBothCredentialsAndTheirPasswordIsNeverPrinted() {
        assertThatThrownBy(
                        () ->
                                WorkerConfigLoader.load(
                                        java.util.Optional.empty(),
                                        Map.of(
                                                "CARAVEL_NODE_ID",
                                                "n",
                                                "CARAVEL_DOCKER_USERNAME",
                                                "robot"),
                                        Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(
                        e ->
                                assertThat(((InvalidConfigException) e).problems())
                                        .extracting(p -> p.path())
                                        .containsExactly("dockerPassword"))
                .hasMessageContaining(
                        "missing: dockerUsername is set, and registry credentials need both");

        WorkerConfig set =
                WorkerConfigLoader.load(
                        java.util.Optional.empty(),
                        Map.of(
                                "CARAVEL_NODE_ID",
                                "n",
                                "CARAVEL_DOCKER_USERNAME",
                                "robot",
                                "CARAVEL_DOCKER_PASSWORD",
                                "tok-123",
                                "CARAVEL_DOCKER_SKIP_IMAGE_PULL",
                                "true"),
                        Map.of());
        assertThat(set.dockerPulls())
                .isEqualTo(
                        new io.caravel.activities.providers.docker.ImagePulls(
                                true, "robot", "tok-123"));
        assertThat(set.toString()).doesNotContain("tok-123");
        assertThat(set.toBuilder().build()).isEqualTo(set);
        assertThat(WorkerConfig.builder().nodeId("n").build().dockerPulls())
                .isEqualTo(io.caravel.activities.providers.docker.ImagePulls.DEFAULT);
    }

    @Test
    void theDockerPidsLimitDefaultsTo2048IsSetFromTheEnvironmentAndZeroOrMinusOneMeanNone() {
        assertThat(WorkerConfig.builder().nodeId("n").build().dockerPidsLimit()).isEqualTo(2048);
        WorkerConfig set =
                WorkerConfigLoader.load(
                        java.util.Optional.empty(),
                        Map.of("CARAVEL_NODE_ID", "n", "CARAVEL_DOCKER_PIDS_LIMIT", "64"),
                        Map.of());
        assertThat(set.dockerPidsLimit()).isEqualTo(64);
        assertThat(set.toBuilder().build()).isEqualTo(set);
        assertThat(WorkerConfig.builder().nodeId("n").dockerPidsLimit(-1).build().dockerPidsLimit())
                .isZero();
        assertThat(WorkerConfig.builder().nodeId("n").dockerPidsLimit(0).build().dockerPidsLimit())
                .isZero();
        assertThatThrownBy(() -> WorkerConfig.builder().nodeId("n").dockerPidsLimit(-5).build())
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(
                        e ->
                                assertThat(((InvalidConfigException) e).problems())
                                        .extracting(p -> p.path())
                                        .containsExactly("dockerPidsLimit"))
                .hasMessageContaining(
                        "invalid limit -5; use a number of processes such as 2048, or 0 or -1 for no limit");
    }

    @Test
    void s3SettingsAreCheckedAndTheSecretIsNeverPrinted() {
        assertThatThrownBy(
                        () ->
                                WorkerConfig.builder()
                                        .nodeId("n")
                                        .s3Endpoint("ftp://x")
                                        .s3AccessKeyId("AK")
                                        .s3ChecksumMode("sometimes")
                                        .s3TransferParallelism(0)
                                        .build())
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(
                        e ->
                                assertThat(((InvalidConfigException) e).problems())
                                        .extracting(p -> p.path())
                                        .containsExactly(
                                                "s3Endpoint",
                                                "s3SecretAccessKey",
                                                "s3ChecksumMode",
                                                "s3TransferParallelism"))
                .hasMessageContaining(
                        "unknown checksum mode \"sometimes\"; accepted: auto, whenSupported, whenRequired");

        WorkerConfig set =
                WorkerConfig.builder()
                        .nodeId("n")
                        .s3Endpoint("http://127.0.0.1:7070")
                        .s3Region("eu-west-1")
                        .s3AccessKeyId("AK")
                        .s3SecretAccessKey("very-secret")
                        .s3ChecksumMode("when_required")
                        .s3TransferParallelism(3)
                        .build();
        assertThat(set.s3().defaultEndpoint()).isEqualTo("http://127.0.0.1:7070");
        assertThat(set.s3().defaultRegion()).isEqualTo("eu-west-1");
        assertThat(set.s3().credentials())
                .hasValueSatisfying(c -> assertThat(c.accessKeyId()).isEqualTo("AK"));
        assertThat(set.s3().checksumMode())
                .isEqualTo(
                        io.caravel.activities.providers.s3.S3Settings.ChecksumMode.WHEN_REQUIRED);
        assertThat(set.s3().transferParallelism()).isEqualTo(3);
        assertThat(set.toString()).doesNotContain("very-secret");
        assertThat(set.toBuilder().build()).isEqualTo(set);
        assertThat(WorkerConfig.builder().nodeId("n").build().s3())
                .isEqualTo(io.caravel.activities.providers.s3.S3Settings.DEFAULTS);
    }

    @Test
    void resultsTlsNeedsCertAndKeyTogetherTurnsTheDefaultUrlToHttpsAndRetentionIsNotNegative() {
        assertThatThrownBy(
                        () ->
                                WorkerConfig.builder()
                                        .nodeId("n")
                                        .resultsTlsCert(Path.of("/etc/r/cert.pem"))
                                        .resultsRetention(Duration.ofMinutes(-1))
                                        .build())
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(
                        e ->
                                assertThat(((InvalidConfigException) e).problems())
                                        .extracting(p -> p.path())
                                        .containsExactly("resultsTlsKey", "resultsRetention"))
                .hasMessageContaining("resultsTlsCert and resultsTlsKey go together");

        WorkerConfig tls =
                WorkerConfig.builder()
                        .nodeId("n")
                        .resultsTlsCert(Path.of("/etc/r/cert.pem"))
                        .resultsTlsKey(Path.of("/etc/r/key.pem"))
                        .resultsRetention(Duration.ZERO)
                        .build();
        assertThat(tls.results().advertisedUrl(6001)).isEqualTo("https://127.0.0.1:6001");
        assertThat(tls.results().retention()).isZero();
        assertThat(tls.toBuilder().build()).isEqualTo(tls);
        assertThat(WorkerConfig.builder().nodeId("n").build().results().retention())
                .isEqualTo(Duration.ofHours(24));
    }
}
