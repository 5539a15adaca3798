package io.caravel.activities.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Network;
import com.sun.net.httpserver.HttpServer;
import io.caravel.activities.node.ResultsLayout;
import io.caravel.activities.providers.docker.egress.EgressNetwork;
import io.caravel.activities.providers.docker.egress.TargetAddresses;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.PortMapping;
import io.caravel.api.model.RunOutput;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Network modes on the real daemon, against a server this test starts on the host's loopback. */
@Timeout(120)
class DockerNetworkTest {
    @TempDir Path tmp;

    private final DockerEngine engine = new DockerEngine(DockerClients.DEFAULT_HOST);
    private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
    private HttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    byte[] body = "hello from the host\n".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String probe() {
        return "ls /sys/class/net | tr '\\n' ' '; echo; wget -q -O - http://127.0.0.1:"
                + server.getAddress().getPort()
                + "/ 2>/dev/null || echo unreachable";
    }

    private RunOutput run(NetworkType type) throws Exception {
        return engine.run(
                new DockerRun(tmp, DockerEngineTest.newId())
                        .node(node)
                        .network(type)
                        .shell(probe())
                        .context());
    }

    @Test
    void noneHasOnlyLoopbackAndReachesNothing() throws Exception {
        assertThat(run(NetworkType.NONE).stdout()).isEqualTo("lo \nunreachable\n");
    }

    @Test
    void hostReachesALoopbackServerOfTheHost() throws Exception {
        assertThat(run(NetworkType.HOST).stdout()).endsWith("\nhello from the host\n");
        assertThat(run(NetworkType.FULL).stdout()).endsWith("\nhello from the host\n");
    }

    @Test
    void bridgeAndDefaultGetAnInterfaceOfTheirOwnButNotTheHostsLoopback() throws Exception {
        for (NetworkType type : new NetworkType[] {NetworkType.BRIDGE, NetworkType.DEFAULT}) {
            String out = run(type).stdout();
            assertThat(out).startsWith("eth0 lo \n").endsWith("unreachable\n");
        }
    }

    @Test
    void bridgePublishesTheTasksPortsOnTheHost() throws Exception {
        int hostPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            hostPort = socket.getLocalPort();
        }
        AtomicBoolean done = new AtomicBoolean();
        DockerRun run =
                new DockerRun(tmp, DockerEngineTest.newId())
                        .node(node)
                        .network(NetworkType.BRIDGE)
                        .ports(List.of(new PortMapping("web", hostPort, 8080, "127.0.0.1")))
                        .shell(
                                "mkdir /tmp/www; echo served > /tmp/www/index.html; exec httpd -f -p 8080 -h /tmp/www")
                        .cancelled(done::get);
        CompletableFuture<RunOutput> running =
                java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return engine.run(run.context());
                            } catch (Exception e) {
                                throw new CompletionException(e);
                            }
                        });
        String body = null;
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 200 && body == null && !running.isDone(); i++) {
            try {
                body =
                        http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://127.0.0.1:"
                                                                        + hostPort
                                                                        + "/index.html"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body();
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        done.set(true);

        assertThat(body).isEqualTo("served\n");
        assertThat(running.get().errorMsg()).isEqualTo(DockerEngine.CANCELLED);
    }

    /**
     * HTTP through the egress proxy, whose test resolver maps the test's names to the host's
     * loopback.
     */
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

    private RunOutput runHttp(List<String> domains, String script) throws Exception {
        DockerRun run =
                new DockerRun(tmp, DockerEngineTest.newId())
                        .node(node)
                        .network(NetworkType.HTTP)
                        .domains(domains)
                        .shell(script);
        RunOutput output = egressEngine.run(run.context());
        egressEngine.release(run.context().executionId());
        assertThat(networksOf(run))
                .as("the execution's egress network is removed on release")
                .isEmpty();
        return output;
    }

    private static List<Network> networksOf(DockerRun run) {
        return DockerClients.connect(DockerClients.DEFAULT_HOST)
                .listNetworksCmd()
                .withNameFilter(EgressNetwork.NAME_PREFIX + run.executionDir().getFileName())
                .exec();
    }

    private String url(String host) {
        return "http://" + host + ":" + server.getAddress().getPort() + "/";
    }

    @Test
    void httpReachesADeclaredDomainThroughTheProxyAndNothingElse() throws Exception {
        RunOutput out =
                runHttp(
                        List.of(".caravel.test"),
                        "wget -q -O - "
                                + url("data.caravel.test")
                                + " || echo allowed-failed; "
                                + "wget -q -O - "
                                + url("other.invalid")
                                + " 2>&1 || echo refused; "
                                + "echo proxy=$http_proxy");

        assertThat(out.stdout())
                .contains("hello from the host")
                .doesNotContain("allowed-failed")
                .contains("refused")
                .contains("proxy=http://");
    }

    @Test
    void httpCannotGoAroundTheProxy() throws Exception {
        RunOutput out =
                runHttp(
                        List.of("data.caravel.test"),
                        "wget -q -Y off -O - http://127.0.0.1:"
                                + server.getAddress().getPort()
                                + "/ 2>/dev/null"
                                + " || echo loopback-unreachable; "
                                + "timeout 5 wget -q -Y off -O - http://198.51.100.7/ 2>/dev/null || echo outside-unreachable");

        assertThat(out.stdout())
                .doesNotContain("hello from the host")
                .contains("loopback-unreachable")
                .contains("outside-unreachable");
    }

    @Test
    void httpWithoutDomainsIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> runHttp(List.of(), "echo ran"))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SPEC_INVALID));
    }

    @org.junit.jupiter.api.AfterAll
    static void releaseRuns() {
        DockerRun.releaseAll();
    }
}
