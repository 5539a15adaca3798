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
        WorkerConfig.Builder b = WorkerConfig.builder()
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
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).extracting(p -> p.path())
                        .containsExactly("temporalAddress", "namespace", "nodeId", "labels", "capacityMemory",
                                "capacityGpus", "allowedLocalPaths", "defaultPublisher", "metricsPort",
                                "heartbeatInterval", "shutdownGracePeriod"))
                .hasMessageContaining("temporalAddress: invalid address \"localhost\"; use host:port")
                .hasMessageContaining("invalid memory value: 12parsecs")
                .hasMessageContaining("invalid GPU value: -1")
                .hasMessageContaining("unknown publisher type \"ipfss\"; accepted: ipfs, local, noop, s3, s3managed;"
                        + " did you mean 'ipfs'?")
                .hasMessageContaining("metricsPort: invalid port 70000; use 1 to 65535, or 0 to turn")
                .hasMessageContaining("heartbeatInterval: must be more than 0, got 0s");
    }

    @Test
    void grpcTargetsAndIpv6AddressesAreAccepted() {
        assertThat(WorkerConfig.builder().temporalAddress("dns:///temporal:7233").nodeId("n").build()
                .temporalAddress()).isEqualTo("dns:///temporal:7233");
        assertThat(WorkerConfig.builder().temporalAddress("[::1]:7233").nodeId("n").build()
                .temporalAddress()).isEqualTo("[::1]:7233");
    }

    @Test
    void toBuilderRoundTrips() {
        WorkerConfig c = WorkerConfig.builder().nodeId("n1").capacityCpu("2").capacityMemory("1Gi")
                .capacityGpus("1").tlsCa(Path.of("/ca.pem")).labels(Map.of("a", "b")).build();

        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    @Test
    void zeroCpuCapacityIsRefused() {
        assertThatThrownBy(() -> WorkerConfig.builder().nodeId("n").capacityCpu("0").build())
                .hasMessageContaining("capacityCpu: CPU capacity must be more than 0, got 0");
    }
}
