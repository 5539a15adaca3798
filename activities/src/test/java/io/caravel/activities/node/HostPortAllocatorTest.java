package io.caravel.activities.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.PortMapping;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class HostPortAllocatorTest {
    private static final PortRange SMALL = new PortRange(20000, 20002);

    private static PortMapping auto(String name) {
        return new PortMapping(name, 0, 0, "");
    }

    private static List<Integer> hostPorts(List<PortMapping> ports) {
        return ports.stream().map(PortMapping::staticPort).toList();
    }

    @Test
    void staticZeroGetsAPortInTheRangeAndBridgeTargetsDefaultToIt() {
        HostPortAllocator allocator = new HostPortAllocator(SMALL, p -> true);

        List<PortMapping> ports =
                allocator.allocate(
                        "e1",
                        NetworkType.BRIDGE,
                        List.of(auto("web"), new PortMapping("api", 0, 8080, "127.0.0.1")));

        assertThat(ports)
                .containsExactly(
                        new PortMapping("web", 20000, 20000, ""),
                        new PortMapping("api", 20001, 8080, "127.0.0.1"));
    }

    @Test
    void hostModeKeepsTargetUnset() {
        HostPortAllocator allocator = new HostPortAllocator(SMALL, p -> true);

        assertThat(allocator.allocate("e1", NetworkType.HOST, List.of(auto("web"))))
                .containsExactly(new PortMapping("web", 20000, 0, ""));
    }

    @Test
    void staticPortsAreKeptAndNeverHandedOutToAnotherExecution() {
        HostPortAllocator allocator = new HostPortAllocator(SMALL, p -> true);

        List<PortMapping> first =
                allocator.allocate(
                        "e1",
                        NetworkType.BRIDGE,
                        List.of(auto("a"), new PortMapping("fixed", 20001, 80, "")));
        List<PortMapping> second = allocator.allocate("e2", NetworkType.BRIDGE, List.of(auto("b")));

        assertThat(hostPorts(first)).containsExactly(20000, 20001);
        assertThat(hostPorts(second)).containsExactly(20002);
    }

    @Test
    void askingAgainForAnExecutionReturnsItsPorts() {
        HostPortAllocator allocator = new HostPortAllocator(SMALL, p -> true);
        List<PortMapping> first =
                allocator.allocate("e1", NetworkType.BRIDGE, List.of(auto("web")));

        assertThat(allocator.allocate("e1", NetworkType.BRIDGE, List.of(auto("web"))))
                .isEqualTo(first);
        assertThat(allocator.allocated("e1")).isEqualTo(first);
        assertThat(allocator.allocated("e2")).isEmpty();
    }

    @Test
    void anExhaustedRangeIsARetryableNodeFailureAndReleaseFreesThePorts() {
        HostPortAllocator allocator = new HostPortAllocator(new PortRange(20000, 20000), p -> true);
        allocator.allocate("e1", NetworkType.BRIDGE, List.of(auto("web")));

        assertThatThrownBy(() -> allocator.allocate("e2", NetworkType.BRIDGE, List.of(auto("web"))))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.NODE_FAILURE);
                            assertThat(e.getMessage())
                                    .contains("no free host port left in 20000-20000");
                        });
        assertThat(allocator.release("e1")).isTrue();
        assertThat(allocator.release("e1")).isFalse();
        assertThat(hostPorts(allocator.allocate("e2", NetworkType.BRIDGE, List.of(auto("web")))))
                .containsExactly(20000);
    }

    @Test
    void aPortSomethingOnTheHostListensOnIsSkipped() throws Exception {
        try (ServerSocket busy = busyPortFollowedByAFreeOne()) {
            int port = busy.getLocalPort();
            HostPortAllocator allocator = new HostPortAllocator(new PortRange(port, port + 1));

            List<PortMapping> ports =
                    allocator.allocate("e1", NetworkType.HOST, List.of(auto("web")));

            assertThat(ports.get(0).staticPort()).isNotEqualTo(port);
        }
    }

    /**
     * A socket listening on a port whose next port nothing listens on (other processes come and
     * go).
     */
    private static ServerSocket busyPortFollowedByAFreeOne() throws java.io.IOException {
        for (int i = 0; i < 50; i++) {
            ServerSocket busy = new ServerSocket();
            busy.bind(new InetSocketAddress(0));
            int next = busy.getLocalPort() + 1;
            if (next <= 65535) {
                try (ServerSocket probe = new ServerSocket()) {
                    probe.bind(new InetSocketAddress(next));
                    return busy;
                } catch (java.io.IOException inUse) {
                    // try another pair
                }
            }
            busy.close();
        }
        throw new IllegalStateException("no busy port with a free neighbour found in 50 tries");
    }

    @Test
    void concurrentExecutionsNeverShareAPort() throws Exception {
        HostPortAllocator allocator = new HostPortAllocator(new PortRange(20000, 20399), p -> true);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<PortMapping>>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String id = "e" + i;
                futures.add(
                        pool.submit(
                                () ->
                                        allocator.allocate(
                                                id,
                                                NetworkType.BRIDGE,
                                                List.of(auto("a"), auto("b")))));
            }
            Set<Integer> seen = new HashSet<>();
            for (Future<List<PortMapping>> f : futures) {
                for (int port : hostPorts(f.get())) {
                    assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
                }
            }
            assertThat(seen).hasSize(400).allMatch(p -> p >= 20000 && p <= 20399);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aJustReleasedPortIsReusedLast() {
        HostPortAllocator allocator = new HostPortAllocator(SMALL, p -> true);
        allocator.allocate("e1", NetworkType.BRIDGE, List.of(auto("web")));
        allocator.release("e1");

        assertThat(hostPorts(allocator.allocate("e2", NetworkType.BRIDGE, List.of(auto("web")))))
                .containsExactly(20001);
    }

    @Test
    void portRangesParseAndRefuseWhatIsNotARange() {
        assertThat(PortRange.parse(" 20000 - 32000 ")).isEqualTo(PortRange.DEFAULT);
        assertThat(PortRange.DEFAULT.size()).isEqualTo(12001);
        for (String bad :
                new String[] {"", "20000", "a-b", "80-1000", "30000-20000", "20000-70000"}) {
            assertThatThrownBy(() -> PortRange.parse(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            CaravelException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SPEC_INVALID));
        }
    }
}
