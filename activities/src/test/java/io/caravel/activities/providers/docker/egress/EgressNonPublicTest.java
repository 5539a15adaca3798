package io.caravel.activities.providers.docker.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With the operator's egressRefuseNonPublic (TargetAddresses.PUBLIC_ONLY), a declared name that
 * resolves to another container on the host's Docker networks, or to any other non-public address
 * (in any of its IPv6 spellings), is refused with 403 before the proxy connects anywhere.
 */
@Tag("security")
@Timeout(60)
class EgressNonPublicTest {
    private static final Map<String, String> NAMES =
            Map.of(
                    "db.caravel.test", "172.17.0.2", // a container on docker0
                    "cgnat.caravel.test", "100.64.1.1",
                    "nat64.caravel.test", "64:ff9b::a00:1", // 10.0.0.1 behind the NAT64 prefix
                    "ula.caravel.test", "fd12:3456::1",
                    "public.caravel.test", "198.51.100.7");
    private static final HostResolver RESOLVER =
            host -> {
                String address = NAMES.get(host);
                if (address == null) {
                    throw new UnknownHostException(host);
                }
                return List.of(
                        InetAddress.getByAddress(
                                host, InetAddress.getByName(address).getAddress()));
            };

    @Test
    void declaredNamesResolvingToNonPublicAddressesAreRefused() throws Exception {
        List<String> names = List.copyOf(NAMES.keySet());
        try (EgressProxy proxy =
                new EgressProxy(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        names,
                        RESOLVER,
                        TargetAddresses.PUBLIC_ONLY)) {
            assertThat(connect(proxy, "db.caravel.test"))
                    .startsWith("HTTP/1.1 403")
                    .contains(
                            "db.caravel.test resolves only to addresses this node's egress proxy refuses"
                                    + " [172.17.0.2 is private] (egressRefuseNonPublic)");
            assertThat(connect(proxy, "cgnat.caravel.test"))
                    .startsWith("HTTP/1.1 403")
                    .contains("100.64.1.1 is shared (carrier-grade NAT)");
            assertThat(connect(proxy, "nat64.caravel.test"))
                    .startsWith("HTTP/1.1 403")
                    .contains("is private");
            assertThat(connect(proxy, "ula.caravel.test"))
                    .startsWith("HTTP/1.1 403")
                    .contains("is unique-local");
        }
    }

    @Test
    void thePublicOnlyRuleUsesTheFetchPolicysClassification() throws Exception {
        assertThat(TargetAddresses.PUBLIC_ONLY.permits(InetAddress.getByName("64:ff9b::a00:1")))
                .isFalse();
        assertThat(TargetAddresses.PUBLIC_ONLY.permits(InetAddress.getByName("2002:a00:1::1")))
                .isFalse();
        assertThat(TargetAddresses.PUBLIC_ONLY.permits(InetAddress.getByName("198.18.0.1")))
                .isFalse();
        assertThat(TargetAddresses.PUBLIC_ONLY.permits(InetAddress.getByName("198.51.100.7")))
                .isTrue();
        assertThat(TargetAddresses.NOT_HOST_LOCAL.permits(InetAddress.getByName("172.17.0.2")))
                .isTrue();
    }

    /** A CONNECT through the proxy; answers what the proxy said. */
    private static String connect(EgressProxy proxy, String host) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.address().getPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream()
                    .write(
                            ("CONNECT " + host + ":443 HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
