package io.caravel.activities.providers.docker.egress;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The egress network on the real dockerd: a busybox container on it reaches an allowed name only
 * through the proxy, and nothing around it. Upstream servers are the test's own, on 127.0.0.1 (and
 * canary listeners on the host addresses a container might try to reach directly).
 */
class EgressNetworkTest {
    private static final String TEST_LABEL = "io.caravel.test";
    private static final String TEST_LABEL_VALUE = "egress-network-test";

    /** The test's host names, all mapped to loopback where the upstream server listens. */
    private static final HostResolver TEST_NAMES =
            host -> {
                if (host.endsWith(".example.com")) {
                    return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
                }
                throw new UnknownHostException(host);
            };

    private static DockerClient docker;
    private HttpServer upstream;
    private final List<EgressNetwork> networks = new ArrayList<>();

    @BeforeAll
    static void connect() {
        docker = TestDocker.client();
        docker.pingCmd().exec();
        removeLeftovers();
    }

    @AfterAll
    static void disconnect() throws IOException {
        removeLeftovers();
        docker.close();
    }

    @BeforeEach
    void startUpstream() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        upstream.createContext(
                "/",
                exchange -> {
                    byte[] body =
                            ("hello from upstream " + exchange.getRequestHeaders().getFirst("Host"))
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
        upstream.start();
    }

    @AfterEach
    void stop() {
        networks.forEach(EgressNetwork::close);
        upstream.stop(0);
    }

    private EgressNetwork open(String executionId, String... domains) throws IOException {
        EgressNetwork n =
                new EgressNetwork(
                        docker,
                        executionId,
                        List.of(domains),
                        EgressNetwork.DEFAULT_PROXY_PORT,
                        TEST_NAMES,
                        TargetAddresses.ANY);
        networks.add(n);
        return n;
    }

    @Test
    void aContainerReachesAnAllowedNameOnlyThroughTheProxy() throws Exception {
        String id = "egress-test-" + UUID.randomUUID().toString().substring(0, 8);
        EgressNetwork net = open(id, "allowed.example.com");
        int port = upstream.getAddress().getPort();
        String gateway = net.gateway().getHostAddress();
        InetAddress docker0 = defaultBridgeAddress();
        try (Canary onGateway = new Canary(net.gateway());
                Canary onDocker0 = new Canary(docker0)) {
            String script =
                    String.join(
                            "\n",
                            "wget -q -O - http://allowed.example.com:"
                                    + port
                                    + "/hi; echo \" allowed=$?\"",
                            "wget -q -O - http://other.example.com:"
                                    + port
                                    + "/hi 2>&1; echo \" other=$?\"",
                            "timeout 5 wget -q -Y off -O - http://"
                                    + gateway
                                    + ":"
                                    + onGateway.port()
                                    + "/ 2>&1; echo \" gateway-other-port=$?\"",
                            "timeout 5 wget -q -Y off -O - http://"
                                    + gateway
                                    + ":"
                                    + port
                                    + "/ 2>&1; echo \" gateway-upstream-port=$?\"",
                            "timeout 5 wget -q -Y off -O - http://"
                                    + docker0.getHostAddress()
                                    + ":"
                                    + onDocker0.port()
                                    + "/ 2>&1; echo \" docker0=$?\"",
                            "timeout 5 wget -q -Y off -O - http://198.51.100.7/ 2>&1; echo \" public=$?\"",
                            "timeout 8 nslookup example.com 2>&1; echo \" dns=$?\"",
                            "env | grep -i _proxy | sort");
            String out = run(net.networkName(), net.containerEnv(), id, script);

            assertThat(out)
                    .contains("hello from upstream allowed.example.com:" + port + " allowed=0");
            assertThat(out).contains("403 Forbidden").contains(" other=1");
            assertThat(out)
                    .contains(" gateway-other-port=1")
                    .doesNotContain("gateway-other-port=0");
            assertThat(out)
                    .contains(" gateway-upstream-port=")
                    .doesNotContain("gateway-upstream-port=0");
            assertThat(out).contains(" docker0=").doesNotContain("docker0=0");
            assertThat(out).contains(" public=").doesNotContain("public=0");
            // Docker's embedded resolver does not forward external names from an internal network.
            assertThat(out)
                    .contains(" dns=")
                    .doesNotContain("dns=0")
                    .doesNotContain("NXDOMAIN")
                    .doesNotContain("Name:");
            assertThat(onGateway.accepted())
                    .as("connections to another port of the gateway")
                    .isZero();
            assertThat(onDocker0.accepted()).as("connections to the docker0 address").isZero();
            assertThat(out)
                    .contains(
                            "http_proxy=http://" + gateway + ":" + EgressNetwork.DEFAULT_PROXY_PORT)
                    .contains(
                            "HTTPS_PROXY=http://"
                                    + gateway
                                    + ":"
                                    + EgressNetwork.DEFAULT_PROXY_PORT);

            // The docker0 canary is reachable at all: a container on the default bridge gets
            // through.
            String control =
                    run(
                            "bridge",
                            Map.of(),
                            id,
                            "wget -q -O - http://"
                                    + docker0.getHostAddress()
                                    + ":"
                                    + onDocker0.port()
                                    + "/ 2>&1; echo \" docker0=$?\"");
            assertThat(control).contains("canary docker0=0");
            assertThat(onDocker0.accepted()).isEqualTo(1);
        }
    }

    @Test
    void theNetworkIsInternalLabelledAndRemovedWithItsFirewallRulesOnClose() throws Exception {
        String id = "egress-test-" + UUID.randomUUID().toString().substring(0, 8);
        EgressNetwork net = open(id, ".example.com");

        Network inspected = docker.inspectNetworkCmd().withNetworkId(net.networkId()).exec();
        assertThat(inspected.getName()).isEqualTo("caravel-egress-" + id);
        assertThat(inspected.getInternal()).isTrue();
        assertThat(inspected.getLabels()).containsEntry("io.caravel.execution", id);
        assertThat(BridgeFirewall.tagged("iptables", net.networkName())).hasSize(2);
        assertThat(BridgeFirewall.tagged("ip6tables", net.networkName())).hasSize(1);

        // A second open for the same execution (a worker that restarted while the network stayed)
        // takes the network over and binds the proxy where the container's settings point.
        net.proxy().close();
        EgressNetwork again = open(id, ".example.com");
        assertThat(again.networkId()).isEqualTo(net.networkId());
        assertThat(again.containerEnv()).isEqualTo(net.containerEnv());
        assertThat(BridgeFirewall.tagged("iptables", net.networkName())).hasSize(2);

        again.close();
        networks.remove(again);
        assertThat(docker.listNetworksCmd().withNameFilter(again.networkName()).exec()).isEmpty();
        assertThat(BridgeFirewall.tagged("iptables", again.networkName())).isEmpty();
        assertThat(BridgeFirewall.tagged("ip6tables", again.networkName())).isEmpty();
    }

    @Test
    void aLeftOverNetworkIsRemovedByExecutionIdWithAContainerStillOnIt() throws Exception {
        String id = "egress-test-" + UUID.randomUUID().toString().substring(0, 8);
        EgressNetwork net = open(id, "allowed.example.com");
        String container =
                docker.createContainerCmd(TestDocker.IMAGE)
                        .withCmd("sleep", "60")
                        .withLabels(
                                Map.of(
                                        TEST_LABEL,
                                        TEST_LABEL_VALUE,
                                        EgressNetwork.EXECUTION_LABEL,
                                        id))
                        .withHostConfig(
                                HostConfig.newHostConfig().withNetworkMode(net.networkName()))
                        .exec()
                        .getId();
        try {
            docker.startContainerCmd(container).exec();
            // The worker died: only the Docker objects and the firewall rules are left.
            net.proxy().close();

            EgressNetwork.remove(docker, id);

            assertThat(docker.listNetworksCmd().withNameFilter(net.networkName()).exec()).isEmpty();
            assertThat(BridgeFirewall.tagged("iptables", net.networkName())).isEmpty();
            assertThat(BridgeFirewall.tagged("ip6tables", net.networkName())).isEmpty();
            EgressNetwork.remove(docker, id); // idempotent
        } finally {
            docker.removeContainerCmd(container).withForce(true).exec();
        }
    }

    /**
     * Runs {@code script} in a labelled busybox container on {@code network} and returns its
     * output.
     */
    private static String run(
            String network, Map<String, String> env, String executionId, String script)
            throws Exception {
        List<String> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(k + "=" + v));
        String container =
                docker.createContainerCmd(TestDocker.IMAGE)
                        .withCmd("sh", "-c", script)
                        .withEnv(envList)
                        .withLabels(
                                Map.of(
                                        TEST_LABEL,
                                        TEST_LABEL_VALUE,
                                        EgressNetwork.EXECUTION_LABEL,
                                        executionId))
                        .withHostConfig(HostConfig.newHostConfig().withNetworkMode(network))
                        .exec()
                        .getId();
        try {
            docker.startContainerCmd(container).exec();
            docker.waitContainerCmd(container)
                    .exec(new WaitContainerResultCallback())
                    .awaitStatusCode(120, TimeUnit.SECONDS);
            StringBuilder out = new StringBuilder();
            docker.logContainerCmd(container)
                    .withStdOut(true)
                    .withStdErr(true)
                    .exec(
                            new ResultCallback.Adapter<Frame>() {
                                @Override
                                public void onNext(Frame frame) {
                                    out.append(
                                            new String(frame.getPayload(), StandardCharsets.UTF_8));
                                }
                            })
                    .awaitCompletion(30, TimeUnit.SECONDS);
            return out.toString();
        } finally {
            docker.removeContainerCmd(container).withForce(true).exec();
        }
    }

    /**
     * The host's IPv4 address on the default bridge's interface (docker0), which its IPAM does not
     * report.
     */
    private static InetAddress defaultBridgeAddress() throws IOException {
        String name =
                docker.inspectNetworkCmd()
                        .withNetworkId("bridge")
                        .exec()
                        .getOptions()
                        .getOrDefault("com.docker.network.bridge.name", "docker0");
        NetworkInterface nic = NetworkInterface.getByName(name);
        assertThat(nic).as("the default bridge's interface " + name).isNotNull();
        return nic.inetAddresses()
                .filter(a -> a instanceof Inet4Address)
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no IPv4 address"));
    }

    /** Removes containers and egress networks an interrupted earlier run of this test left. */
    private static void removeLeftovers() {
        for (Container c :
                docker.listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(Map.of(TEST_LABEL, TEST_LABEL_VALUE))
                        .exec()) {
            docker.removeContainerCmd(c.getId()).withForce(true).exec();
        }
        for (Network n :
                docker.listNetworksCmd()
                        .withNameFilter(EgressNetwork.NAME_PREFIX + "egress-test-")
                        .exec()) {
            try {
                BridgeFirewall.remove(n.getName());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            docker.removeNetworkCmd(n.getId()).exec();
        }
    }

    /**
     * A listener on a host address a container might try to reach around the proxy; it counts the
     * connections it accepts and answers each with a tiny HTTP response.
     */
    static final class Canary implements AutoCloseable {
        private final ServerSocket server;
        private final AtomicInteger accepted = new AtomicInteger();

        Canary(InetAddress address) throws IOException {
            server = new ServerSocket(0, 8, address);
            Thread t =
                    new Thread(
                            () -> {
                                while (true) {
                                    try (Socket s = server.accept()) {
                                        accepted.incrementAndGet();
                                        s.getOutputStream()
                                                .write(
                                                        "HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\ncanary"
                                                                .getBytes(
                                                                        StandardCharsets
                                                                                .ISO_8859_1));
                                    } catch (IOException e) {
                                        return;
                                    }
                                }
                            },
                            "canary");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
