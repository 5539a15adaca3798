package io.caravel.activities.providers.docker.egress;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy against upstream servers on 127.0.0.1, with names mapped to loopback by the test's
 * resolver.
 */
class EgressProxyTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Every name under example.com and example.org is 127.0.0.1; anything else does not exist. */
    private static final HostResolver TEST_NAMES =
            host -> {
                if (host.endsWith("example.com")
                        || host.endsWith("example.org")
                        || host.equals("127.0.0.1")) {
                    return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
                }
                throw new UnknownHostException(host);
            };

    private HttpServer http;
    private EchoServer echo;
    private final AtomicReference<String> seenHost = new AtomicReference<>();
    private final List<EgressProxy> proxies = new ArrayList<>();

    @BeforeEach
    void startUpstreams() throws IOException {
        http = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 16);
        http.createContext(
                "/",
                exchange -> {
                    seenHost.set(exchange.getRequestHeaders().getFirst("Host"));
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    byte[] answer =
                            body.length > 0
                                    ? body
                                    : (exchange.getRequestMethod() + " " + exchange.getRequestURI())
                                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, answer.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer);
                    }
                });
        http.start();
        echo = new EchoServer();
    }

    @AfterEach
    void stop() {
        proxies.forEach(EgressProxy::close);
        http.stop(0);
        echo.close();
    }

    private EgressProxy proxy(List<String> domains, TargetAddresses targets) throws IOException {
        EgressProxy p =
                new EgressProxy(new InetSocketAddress(LOOPBACK, 0), domains, TEST_NAMES, targets);
        proxies.add(p);
        return p;
    }

    private EgressProxy proxy(String... domains) throws IOException {
        return proxy(List.of(domains), TargetAddresses.ANY);
    }

    private int httpPort() {
        return http.getAddress().getPort();
    }

    @Test
    void allowedNameIsProxiedWithItsBodyIntact() throws Exception {
        EgressProxy proxy = proxy("api.example.com");
        HttpClient client =
                HttpClient.newBuilder().proxy(ProxySelector.of(proxy.address())).build();
        byte[] body = new byte[1 << 20];
        new Random(7).nextBytes(body);

        HttpResponse<byte[]> post =
                client.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://api.example.com:" + httpPort() + "/upload"))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<String> get =
                client.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://API.example.com:"
                                                        + httpPort()
                                                        + "/a/b?c=d"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.body()).isEqualTo(body);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("GET /a/b?c=d");
        assertThat(seenHost.get()).isEqualTo("api.example.com:" + httpPort());
    }

    @Test
    void allowedNameIsTunnelledWithConnectByteForByte() throws Exception {
        EgressProxy proxy = proxy("api.example.com");
        byte[] payload = new byte[300_000];
        new Random(11).nextBytes(payload);
        try (Socket s = new Socket(LOOPBACK, proxy.address().getPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream()
                    .write(
                            ("CONNECT api.example.com:"
                                            + echo.port()
                                            + " HTTP/1.1\r\nHost: api.example.com\r\n\r\n")
                                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 200 ");
            s.getOutputStream().write(payload);
            s.shutdownOutput();
            assertThat(s.getInputStream().readAllBytes()).isEqualTo(payload);
        }
    }

    @Test
    void otherNamesAreRefusedWith403AndAReason() throws Exception {
        EgressProxy proxy = proxy("api.example.com");
        Reply get =
                request(
                        proxy,
                        "GET http://www.example.com:"
                                + httpPort()
                                + "/ HTTP/1.1\r\nHost: www.example.com\r\n\r\n");
        Reply connect = request(proxy, "CONNECT example.org:" + echo.port() + " HTTP/1.1\r\n\r\n");
        // The Host header does not decide where the request goes: the request target does.
        Reply spoofed =
                request(
                        proxy,
                        "GET http://www.example.com:"
                                + httpPort()
                                + "/ HTTP/1.1\r\nHost: api.example.com\r\n\r\n");

        assertThat(get.status()).isEqualTo(403);
        assertThat(get.body())
                .isEqualTo(
                        "caravel egress proxy: www.example.com is not in this job's Network.Domains [api.example.com]\n");
        assertThat(connect.status()).isEqualTo(403);
        assertThat(connect.body()).contains("example.org is not in this job's Network.Domains");
        assertThat(spoofed.status()).isEqualTo(403);
        assertThat(seenHost.get()).isNull();
    }

    @Test
    void aLeadingDotAllowsTheDomainAndItsSubdomainsOnly() throws Exception {
        EgressProxy proxy = proxy(".example.com");
        for (String allowed : List.of("example.com", "a.example.com", "b.a.example.com")) {
            assertThat(request(proxy, get(allowed)).status()).as(allowed).isEqualTo(200);
        }
        for (String refused : List.of("badexample.com", "example.com.example.org", "example.org")) {
            assertThat(request(proxy, get(refused)).status()).as(refused).isEqualTo(403);
        }
        EgressProxy exact = proxy("example.com");
        assertThat(request(exact, get("example.com")).status()).isEqualTo(200);
        assertThat(request(exact, get("a.example.com")).status()).isEqualTo(403);
    }

    @Test
    void anIpLiteralIsAllowedOnlyWhenDeclared() throws Exception {
        EgressProxy byName = proxy("api.example.com");
        EgressProxy byAddress = proxy("127.0.0.1");

        assertThat(request(byName, get("127.0.0.1")).status()).isEqualTo(403);
        assertThat(
                        request(byName, "CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\n\r\n")
                                .status())
                .isEqualTo(403);
        assertThat(request(byAddress, get("127.0.0.1")).status()).isEqualTo(200);
        assertThat(request(byAddress, get("api.example.com")).status()).isEqualTo(403);
    }

    @Test
    void byDefaultADeclaredNameThatResolvesToLoopbackIsRefused() throws Exception {
        EgressProxy proxy =
                proxy(List.of("api.example.com", "127.0.0.1"), TargetAddresses.NOT_HOST_LOCAL);

        Reply byName = request(proxy, get("api.example.com"));
        Reply byAddress = request(proxy, get("127.0.0.1"));

        assertThat(byName.status()).isEqualTo(403);
        assertThat(byName.body())
                .contains(
                        "api.example.com resolves only to addresses local to the proxy host [127.0.0.1]");
        assertThat(byAddress.status()).isEqualTo(403);
        assertThat(seenHost.get()).isNull();
    }

    @Test
    void theAddressRulesRefuseHostLocalAndOptionallyPrivateTargets() throws Exception {
        InetAddress metadata = InetAddress.getByName("169.254.169.254");
        InetAddress privateHost = InetAddress.getByName("10.1.2.3");
        InetAddress publicHost = InetAddress.getByName("198.51.100.7");
        InetAddress hostOwn =
                java.net.NetworkInterface.networkInterfaces()
                        .flatMap(java.net.NetworkInterface::inetAddresses)
                        .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                        .findFirst()
                        .orElseThrow();

        assertThat(TargetAddresses.NOT_HOST_LOCAL.permits(LOOPBACK)).isFalse();
        assertThat(TargetAddresses.NOT_HOST_LOCAL.permits(metadata)).isFalse();
        assertThat(TargetAddresses.NOT_HOST_LOCAL.permits(hostOwn))
                .as(hostOwn.toString())
                .isFalse();
        assertThat(TargetAddresses.NOT_HOST_LOCAL.permits(privateHost)).isTrue();
        assertThat(TargetAddresses.NOT_HOST_LOCAL.permits(publicHost)).isTrue();
        assertThat(TargetAddresses.PUBLIC_ONLY.permits(privateHost)).isFalse();
        assertThat(TargetAddresses.PUBLIC_ONLY.permits(InetAddress.getByName("100.64.0.1")))
                .isFalse();
        assertThat(TargetAddresses.PUBLIC_ONLY.permits(InetAddress.getByName("fd00::1"))).isFalse();
        assertThat(TargetAddresses.PUBLIC_ONLY.permits(publicHost)).isTrue();
        assertThat(TargetAddresses.ANY.permits(LOOPBACK)).isTrue();
    }

    @Test
    void anOversizeHeadIsRefusedWith431() throws Exception {
        EgressProxy proxy = proxy("api.example.com");
        String big = "X-Big: " + "a".repeat(EgressProxy.MAX_HEAD_BYTES) + "\r\n";
        Reply reply =
                request(
                        proxy,
                        "GET http://api.example.com:"
                                + httpPort()
                                + "/ HTTP/1.1\r\n"
                                + big
                                + "\r\n");

        assertThat(reply.status()).isEqualTo(431);
        assertThat(reply.body()).contains("larger than " + EgressProxy.MAX_HEAD_BYTES + " bytes");
        assertThat(seenHost.get()).isNull();
    }

    @Test
    void anUpstreamThatIsDownOrUnknownGives502() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            closedPort = s.getLocalPort();
        }
        EgressProxy proxy = proxy("api.example.com", "nowhere.test.net");

        Reply down =
                request(proxy, "GET http://api.example.com:" + closedPort + "/ HTTP/1.1\r\n\r\n");
        Reply tunnelDown =
                request(proxy, "CONNECT api.example.com:" + closedPort + " HTTP/1.1\r\n\r\n");
        Reply unknown = request(proxy, "GET http://nowhere.test.net/ HTTP/1.1\r\n\r\n");

        assertThat(down.status()).isEqualTo(502);
        assertThat(down.body()).contains("cannot connect to api.example.com:" + closedPort);
        assertThat(tunnelDown.status()).isEqualTo(502);
        assertThat(unknown.status()).isEqualTo(502);
        assertThat(unknown.body()).contains("cannot resolve nowhere.test.net");
    }

    @Test
    void requestsAProxyCannotServeAreRefusedWith400() throws Exception {
        EgressProxy proxy = proxy("api.example.com");

        assertThat(request(proxy, "GET / HTTP/1.1\r\nHost: api.example.com\r\n\r\n").status())
                .isEqualTo(400);
        assertThat(request(proxy, "GET https://api.example.com/ HTTP/1.1\r\n\r\n").body())
                .contains("go through CONNECT");
        assertThat(request(proxy, "CONNECT api.example.com HTTP/1.1\r\n\r\n").body())
                .contains("host:port");
        assertThat(
                        request(proxy, "GET http://api.example.com/ HTTP/1.1\r\n folded: x\r\n\r\n")
                                .status())
                .isEqualTo(400);
    }

    @Test
    void connectionsBeyondTheLimitAreRefusedWith503() throws Exception {
        EgressProxy proxy = proxy("api.example.com");
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < EgressProxy.MAX_CONNECTIONS; i++) {
                // Each one stays open inside its request head, holding a slot.
                Socket s = new Socket(LOOPBACK, proxy.address().getPort());
                s.getOutputStream()
                        .write(
                                "GET http://api.example.com/ HTTP/1.1\r\n"
                                        .getBytes(StandardCharsets.ISO_8859_1));
                held.add(s);
            }
            // The acceptor takes the held connections in order, so this one meets a full proxy.
            Reply refused = request(proxy, get("api.example.com"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.body()).contains("at most " + EgressProxy.MAX_CONNECTIONS);

            held.remove(0).close();
            Reply served = awaitServed(proxy);
            assertThat(served.status()).isEqualTo(200);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /**
     * Retries until the proxy has noticed a freed slot (the handler sees the close asynchronously).
     */
    private Reply awaitServed(EgressProxy proxy) throws Exception {
        Reply r = request(proxy, get("api.example.com"));
        for (int i = 0; i < 200 && r.status() == 503; i++) {
            Thread.sleep(50);
            r = request(proxy, get("api.example.com"));
        }
        return r;
    }

    @Test
    void anExchangeEndsWithItsResponseEvenWhenTheUpstreamKeepsItsConnectionOpen() throws Exception {
        EgressProxy proxy = proxy("api.example.com");
        try (ServerSocket lingering = new ServerSocket(0, 4, LOOPBACK)) {
            List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread t =
                    new Thread(
                            () -> {
                                try {
                                    while (true) {
                                        Socket s = lingering.accept();
                                        accepted.add(s);
                                        String head = readHead(s.getInputStream());
                                        String body = head.startsWith("HEAD ") ? "" : "12345";
                                        // Ignores Connection: close and never closes its side.
                                        s.getOutputStream()
                                                .write(
                                                        ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
                                                                        + body)
                                                                .getBytes(
                                                                        StandardCharsets
                                                                                .ISO_8859_1));
                                    }
                                } catch (IOException e) {
                                    // The test is over.
                                }
                            });
            t.setDaemon(true);
            t.start();
            String url = "http://api.example.com:" + lingering.getLocalPort() + "/";

            Reply get = request(proxy, "GET " + url + " HTTP/1.1\r\n\r\n");
            Reply head = request(proxy, "HEAD " + url + " HTTP/1.1\r\n\r\n");

            assertThat(get.status()).isEqualTo(200);
            assertThat(get.body()).isEqualTo("12345");
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void closeEndsOpenTunnels() throws Exception {
        EgressProxy proxy = proxy("api.example.com");
        try (Socket s = new Socket(LOOPBACK, proxy.address().getPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream()
                    .write(
                            ("CONNECT api.example.com:" + echo.port() + " HTTP/1.1\r\n\r\n")
                                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 200 ");

            proxy.close();

            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    private String get(String host) {
        return "GET http://" + host + ":" + httpPort() + "/ HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
    }

    record Reply(int status, String body) {}

    /** Sends {@code raw} to the proxy and reads its reply until the proxy closes the connection. */
    private static Reply request(EgressProxy proxy, String raw) throws IOException {
        try (Socket s = new Socket(LOOPBACK, proxy.address().getPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            String head = readHead(s.getInputStream());
            String body;
            if (head.startsWith("HTTP/1.1 200 Connection established")) {
                s.shutdownOutput();
                body = "";
            } else {
                body = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Reply(Integer.parseInt(head.substring(9, 12)), body);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** A TCP server on 127.0.0.1 that sends back every byte it receives, then closes. */
    static final class EchoServer implements AutoCloseable {
        private final ServerSocket server;

        EchoServer() throws IOException {
            server = new ServerSocket(0, 16, LOOPBACK);
            Thread t = new Thread(this::serve, "echo");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (true) {
                try {
                    Socket s = server.accept();
                    Thread t =
                            new Thread(
                                    () -> {
                                        try (s) {
                                            s.getInputStream().transferTo(s.getOutputStream());
                                        } catch (IOException ignored) {
                                            // The test closed its side.
                                        }
                                    });
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException ignored) {
                // Already closed.
            }
        }
    }
}
