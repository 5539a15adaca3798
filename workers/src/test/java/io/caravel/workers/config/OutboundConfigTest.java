package io.caravel.workers.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.providers.docker.egress.TargetAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operator's outbound keys: fetchAllowedNetworks, s3AllowedEndpoints, egressRefuseNonPublic.
 */
@Tag("security")
class OutboundConfigTest {
    @Test
    void byDefaultJobsReachPublicAddressesOnlyAndTheEgressProxyRefusesNonPublicTargets()
            throws Exception {
        WorkerConfig config = WorkerConfig.builder().nodeId("n").build();

        assertThat(config.outbound()).isEqualTo(WorkerConfig.OutboundSettings.DEFAULTS);
        assertThat(
                        config.outbound()
                                .destinations()
                                .refusal("10.0.0.1", InetAddress.getByName("10.0.0.1"), 80))
                .isPresent();
        assertThat(config.s3().jobEndpoints().checked()).isTrue();
        assertThat(config.s3().jobEndpoints().allowed()).isEmpty();
        assertThat(config.outbound().egressTargets()).isEqualTo(TargetAddresses.PUBLIC_ONLY);
    }

    @Test
    void theKeysAreReadFromTheEnvironmentAndRoundTrip() throws Exception {
        WorkerConfig config =
                WorkerConfigLoader.load(
                        Optional.empty(),
                        Map.of(
                                "CARAVEL_NODE_ID",
                                "n",
                                "CARAVEL_FETCH_ALLOWED_NETWORKS",
                                "10.0.0.0/8,127.0.0.1:7070,[::1]:5001",
                                "CARAVEL_S3_ALLOWED_ENDPOINTS",
                                "http://127.0.0.1:7070,.amazonaws.com",
                                "CARAVEL_EGRESS_REFUSE_NON_PUBLIC",
                                "false"),
                        Map.of());

        assertThat(config.outbound().fetchAllowedNetworks())
                .containsExactly("10.0.0.0/8", "127.0.0.1:7070", "[::1]:5001");
        assertThat(
                        config.outbound()
                                .destinations()
                                .refusal("10.9.9.9", InetAddress.getByName("10.9.9.9"), 80))
                .isEmpty();
        assertThat(
                        config.outbound()
                                .destinations()
                                .refusal("127.0.0.1", InetAddress.getByName("127.0.0.1"), 7071))
                .isPresent();
        assertThat(config.s3().jobEndpoints().allowed())
                .containsExactly("http://127.0.0.1:7070", ".amazonaws.com");
        assertThat(config.outbound().egressTargets()).isEqualTo(TargetAddresses.NOT_HOST_LOCAL);
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void malformedEntriesAreReportedUnderTheirKey() {
        assertThatThrownBy(
                        () ->
                                WorkerConfig.builder()
                                        .nodeId("n")
                                        .fetchAllowedNetworks(
                                                List.of(
                                                        "minio.internal",
                                                        "10.0.0.0/33",
                                                        "300.1.1.1"))
                                        .s3AllowedEndpoints(List.of("http://"))
                                        .build())
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(
                        e ->
                                assertThat(((InvalidConfigException) e).problems())
                                        .extracting(p -> p.path())
                                        .containsExactly("fetchAllowedNetworks"))
                .hasMessageContaining("(a host name needs a port: minio.internal:PORT)")
                .hasMessageContaining("\"10.0.0.0/33\" has an invalid prefix length")
                .hasMessageContaining("\"300.1.1.1\" is not an address or network");
        assertThatThrownBy(
                        () ->
                                WorkerConfig.builder()
                                        .nodeId("n")
                                        .s3AllowedEndpoints(List.of("http://"))
                                        .build())
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("s3AllowedEndpoints")
                .hasMessageContaining("\"http://\" is not an endpoint");
    }
}
