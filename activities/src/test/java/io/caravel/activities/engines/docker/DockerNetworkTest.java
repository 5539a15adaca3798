package io.caravel.activities.engines.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.RunOutput;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Network modes on the real daemon, against a server this test starts on the host's loopback. */
@Timeout(120)
class DockerNetworkTest {
    @TempDir
    Path tmp;

    private final DockerEngine engine = new DockerEngine(DockerClients.DEFAULT_HOST);
    private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
    private HttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
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
                + server.getAddress().getPort() + "/ 2>/dev/null || echo unreachable";
    }

    private RunOutput run(NetworkType type) throws Exception {
        return engine.run(new DockerRun(tmp, DockerEngineTest.newId()).node(node).network(type).shell(probe())
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
    void httpIsRefusedNamingTheMissingProxy() {
        assertThatThrownBy(() -> run(NetworkType.HTTP)).isInstanceOfSatisfying(CaravelException.class,
                e -> assertThat(e.getMessage()).startsWith("network mode HTTP is not available")
                        .contains("EgressProxy"));
    }
}
