package io.caravel.activities.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The address classification and the policy, and the check made at the connect itself. */
@Tag("security")
class DestinationPolicyTest {
    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, LOOPBACK",
        "127.9.9.9, LOOPBACK",
        "::1, LOOPBACK",
        "0.0.0.0, UNSPECIFIED",
        "::, UNSPECIFIED",
        "169.254.169.254, LINK_LOCAL",
        "fe80::1, LINK_LOCAL",
        "10.1.2.3, PRIVATE",
        "172.16.0.1, PRIVATE",
        "172.31.255.255, PRIVATE",
        "192.168.1.1, PRIVATE",
        "fec0::1, PRIVATE",
        "100.64.0.1, SHARED",
        "100.127.255.255, SHARED",
        "fc00::1, UNIQUE_LOCAL",
        "fd00::1, UNIQUE_LOCAL",
        "224.0.0.1, MULTICAST",
        "ff02::1, MULTICAST",
        "255.255.255.255, RESERVED",
        "240.0.0.1, RESERVED",
        "198.18.0.1, RESERVED",
        "::127.0.0.1, LOOPBACK",
        "64:ff9b::7f00:1, LOOPBACK",
        "2002:a9fe:a9fe::1, LINK_LOCAL",
        "172.32.0.1, PUBLIC",
        "100.128.0.1, PUBLIC",
        "8.8.8.8, PUBLIC",
        "2001:4860:4860::8888, PUBLIC",
        "2002:808:808::1, PUBLIC"
    })
    void everyRangeHasItsClass(String address, AddressClass expected) throws Exception {
        assertThat(AddressClass.of(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @Test
    void theIpv4MappedFormIsClassifiedByItsIpv4Address() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        assertThat(AddressClass.of(java.net.Inet6Address.getByAddress(null, mapped, -1)))
                .isEqualTo(AddressClass.LOOPBACK);
        assertThat(AddressClass.of(InetAddress.getByName("::ffff:10.0.0.1")))
                .isEqualTo(AddressClass.PRIVATE);
    }

    @Test
    void networksAndHostPortsAllowWhatTheyName() throws Exception {
        DestinationPolicy policy =
                DestinationPolicy.of(
                        List.of("10.0.0.0/8", "::1", "127.0.0.1:7070", "minio.internal:9000"));
        InetAddress loopback = InetAddress.getByName("127.0.0.1");

        assertThat(policy.refusal("10.2.3.4", InetAddress.getByName("10.2.3.4"), 1)).isEmpty();
        assertThat(policy.refusal("::ffff:10.2.3.4", InetAddress.getByName("::ffff:10.2.3.4"), 1))
                .isEmpty();
        assertThat(policy.refusal("11.0.0.1", InetAddress.getByName("11.0.0.1"), 1)).isEmpty();
        assertThat(policy.refusal("[::1]", InetAddress.getByName("::1"), 80)).isEmpty();
        assertThat(policy.refusal("127.0.0.1", loopback, 7070)).isEmpty();
        assertThat(policy.refusal("localhost", loopback, 7070)).isEmpty();
        assertThat(policy.refusal("127.0.0.1", loopback, 7071))
                .contains(
                        "destination 127.0.0.1 is loopback, which"
                                + " this node does not fetch from for jobs (allow it with fetchAllowedNetworks)");
        assertThat(policy.refusal("minio.internal", InetAddress.getByName("192.168.9.9"), 9000))
                .isEmpty();
        assertThat(policy.refusal("other.internal", InetAddress.getByName("192.168.9.9"), 9000))
                .hasValueSatisfying(
                        why ->
                                assertThat(why)
                                        .startsWith(
                                                "destination other.internal (192.168.9.9) is"
                                                        + " private,"));
        assertThatThrownBy(() -> DestinationPolicy.of(List.of("", "a b:1", "1.2.3.4:0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"\" is not an address")
                .hasMessageContaining("\"a b:1\" does not name a host")
                .hasMessageContaining("\"1.2.3.4:0\" has an" + " invalid port");
    }

    /**
     * The client's own connect is checked, with no check before it: what a DNS answer that changed
     * after the check would reach is refused all the same, and the server never sees a request.
     */
    @Test
    void theAddressIsCheckedAtTheConnectItself() throws Exception {
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger requests = new AtomicInteger();
        server.createContext(
                "/",
                x -> {
                    requests.incrementAndGet();
                    x.sendResponseHeaders(204, -1);
                    x.close();
                });
        server.start();
        try (CloseableHttpClient client =
                HttpClients.custom()
                        .setConnectionManager(
                                new PoolingHttpClientConnectionManager(
                                        PinnedSockets.registry(DestinationPolicy.PUBLIC_ONLY)))
                        .build()) {
            String url = "http://localhost:" + server.getAddress().getPort() + "/";
            assertThatThrownBy(() -> client.execute(new HttpGet(url)).close())
                    .isInstanceOf(DestinationPolicy.RefusedException.class)
                    .hasMessageContaining("is loopback");
            assertThat(requests.get()).isZero();
        } finally {
            server.stop(0);
        }
        try (CloseableHttpClient client =
                HttpClients.custom()
                        .setConnectionManager(
                                new PoolingHttpClientConnectionManager(
                                        PinnedSockets.registry(
                                                DestinationPolicy.of(List.of("127.0.0.0/8")))))
                        .build()) {
            HttpServer again =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            again.createContext(
                    "/",
                    x -> {
                        x.sendResponseHeaders(204, -1);
                        x.close();
                    });
            again.start();
            try {
                assertThat(
                                client.execute(
                                                new HttpGet(
                                                        "http://127.0.0.1:"
                                                                + again.getAddress().getPort()
                                                                + "/"))
                                        .getStatusLine()
                                        .getStatusCode())
                        .isEqualTo(204);
            } finally {
                again.stop(0);
            }
        }
    }
}
