package io.caravel.activities.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.caravel.activities.node.ResultsLayout;
import io.caravel.activities.providers.docker.egress.EgressNetwork;
import io.caravel.activities.providers.docker.egress.TargetAddresses;
import io.caravel.api.model.NetworkType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The escape probes of issue 14, run from inside containers as a hostile job would, kept as
 * regression tests: each probe prints a word for what it got, and every probe but the control must
 * come back refused or unreachable. The target is a server on the worker host's loopback that
 * answers {@code SECRET}; the HTTP mode's resolver maps {@code *.caravel.test} to that loopback and
 * the proxy is told to allow any address, so only the declared-name rule stands between a job and
 * the secret.
 */
@Tag("security")
@Timeout(180)
class ContainerEscapeProbesTest {
    private static final String DECLARED = "data.caravel.test";

    @TempDir Path tmp;

    private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
    private final DockerEngine engine = new DockerEngine(DockerClients.DEFAULT_HOST);
    private final DockerEngine egressEngine =
            new DockerEngine(
                    DockerClients.lazy(DockerClients.DEFAULT_HOST),
                    new ResultsLayout(),
                    new EgressContainerNetwork(
                            DockerClients.lazy(DockerClients.DEFAULT_HOST),
                            (docker, id, domains) ->
                                    new EgressNetwork(
                                            docker,
                                            id,
                                            domains,
                                            EgressNetwork.DEFAULT_PROXY_PORT,
                                            host -> {
                                                if (host.endsWith(".caravel.test")) {
                                                    return List.of(
                                                            InetAddress.getByAddress(
                                                                    host,
                                                                    new byte[] {127, 0, 0, 1}));
                                                }
                                                throw new UnknownHostException(host);
                                            },
                                            TargetAddresses.ANY)));
    private HttpServer server;
    private int port;

    @BeforeEach
    void startSecretServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    byte[] body = "SECRET\n".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stopSecretServer() {
        server.stop(0);
    }

    @AfterAll
    static void releaseRuns() {
        DockerRun.releaseAll();
    }

    /**
     * A shell line that prints {@code NAME:got} when the command's output holds the secret, else
     * {@code NAME:no}.
     */
    private static String probe(String name, String command) {
        return "if ("
                + command
                + ") 2>/dev/null | grep -q SECRET; then echo "
                + name
                + ":got; else echo "
                + name
                + ":no; fi; ";
    }

    private static final String GATEWAY = "gw=$(route -n | awk '$1 == \"0.0.0.0\" {print $2}'); ";

    @Test
    void noneReachesNeitherTheHostsLoopbackNorTheBridgeGateway() throws Exception {
        String out =
                engine.run(
                                new DockerRun(tmp, DockerEngineTest.newId())
                                        .node(node)
                                        .network(NetworkType.NONE)
                                        .shell(
                                                probe(
                                                                "loopback",
                                                                "timeout 5 wget -q -O - http://127.0.0.1:"
                                                                        + port
                                                                        + "/")
                                                        + probe(
                                                                "docker0",
                                                                "timeout 5 wget -q -O - http://172.17.0.1:"
                                                                        + port
                                                                        + "/"))
                                        .context())
                        .stdout();

        assertThat(out).isEqualTo("loopback:no\ndocker0:no\n");
    }

    @Test
    void defaultReachesNotTheHostsLoopbackThroughItsGateway() throws Exception {
        String out =
                engine.run(
                                new DockerRun(tmp, DockerEngineTest.newId())
                                        .node(node)
                                        .network(NetworkType.DEFAULT)
                                        .shell(
                                                GATEWAY
                                                        + probe(
                                                                "loopback",
                                                                "timeout 5 wget -q -O - http://127.0.0.1:"
                                                                        + port
                                                                        + "/")
                                                        + probe(
                                                                "gateway",
                                                                "timeout 5 wget -q -O - http://$gw:"
                                                                        + port
                                                                        + "/")
                                                        + "echo gw=$gw")
                                        .context())
                        .stdout();

        assertThat(out).startsWith("loopback:no\ngateway:no\ngw=").doesNotContain("gw=\n");
    }

    @Test
    void httpModeGivesTheDeclaredNameAndRefusesEveryTrick() throws Exception {
        String p = ":" + port + "/";
        String proxy = "px=${http_proxy#http://}; px=${px%/}; phost=${px%:*}; ";
        String connect =
                "printf 'CONNECT %s HTTP/1.1\\r\\nHost: %s\\r\\n\\r\\nGET / HTTP/1.0\\r\\n\\r\\n' ";
        String script =
                proxy
                        + probe("control", "wget -q -O - http://" + DECLARED + p)
                        + probe("direct-gateway", "timeout 5 wget -q -Y off -O - http://$phost" + p)
                        + probe(
                                "direct-loopback",
                                "timeout 5 wget -q -Y off -O - http://127.0.0.1" + p)
                        + probe("other-name", "wget -q -O - http://other.caravel.test" + p)
                        + probe("ip-literal", "wget -q -O - http://127.0.0.1" + p)
                        + probe("ipv6-mapped", "wget -q -O - 'http://[::ffff:127.0.0.1]" + p + "'")
                        + probe(
                                "host-spoof",
                                "wget -q -O - --header 'Host: "
                                        + DECLARED
                                        + "' http://other.caravel.test"
                                        + p)
                        + probe(
                                "suffix",
                                "wget -q -O - http://" + DECLARED + ".other.caravel.test" + p)
                        + probe("prefix", "wget -q -O - http://x" + DECLARED + p)
                        + probe("trailing-dot", "wget -q -O - http://other.caravel.test." + p)
                        + probe(
                                "connect-other",
                                connect
                                        + "other.caravel.test:"
                                        + port
                                        + " "
                                        + DECLARED
                                        + " | timeout 5 nc $phost "
                                        + EgressNetwork.DEFAULT_PROXY_PORT)
                        + probe(
                                "connect-ip",
                                connect
                                        + "127.0.0.1:"
                                        + port
                                        + " "
                                        + DECLARED
                                        + " | timeout 5 nc $phost "
                                        + EgressNetwork.DEFAULT_PROXY_PORT)
                        + probe(
                                "proxy-port-other",
                                "timeout 5 wget -q -Y off -O - http://$phost:" + port + "/");
        DockerRun run =
                new DockerRun(tmp, DockerEngineTest.newId())
                        .node(node)
                        .network(NetworkType.HTTP)
                        .domains(List.of(DECLARED))
                        .shell(script);
        String out;
        try {
            out = egressEngine.run(run.context()).stdout();
        } finally {
            egressEngine.release(run.context().executionId());
        }

        assertThat(out)
                .as("the declared name works, so a refusal below is the rule's doing")
                .startsWith("control:got\n");
        assertThat(out.lines().skip(1))
                .as(out)
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).endsWith(":no"));
    }
}
