package io.caravel.activities.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Objects;
import org.apache.http.HttpHost;
import org.apache.http.config.Registry;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.LayeredConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.protocol.HttpContext;

/**
 * Socket factories for an Apache HTTP client that connects only where a {@link DestinationPolicy}
 * allows. Why here: {@code java.net.http} resolves names itself and offers no hook between
 * resolution and connection, so a name checked beforehand could resolve elsewhere when the client
 * connects (DNS rebinding). Apache's client hands each resolved address to {@link
 * ConnectionSocketFactory#connectSocket} as the {@link InetSocketAddress} it is about to connect;
 * checking that very address there makes the checked address the connected one, with no window
 * between. TLS is unchanged: the layered socket still sends the URL's host name as SNI and verifies
 * the certificate against it.
 */
public final class PinnedSockets {
    private PinnedSockets() {}

    /** The {@code http} and {@code https} factories of a client bound by {@code policy}. */
    public static Registry<ConnectionSocketFactory> registry(DestinationPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return RegistryBuilder.<ConnectionSocketFactory>create()
                .register(
                        "http",
                        new Checked(PlainConnectionSocketFactory.getSocketFactory(), policy))
                .register(
                        "https",
                        new CheckedLayered(SSLConnectionSocketFactory.getSocketFactory(), policy))
                .build();
    }

    /** Checks the address, then connects the plain socket to it. */
    private static class Checked implements ConnectionSocketFactory {
        private final ConnectionSocketFactory delegate;
        private final DestinationPolicy policy;

        Checked(ConnectionSocketFactory delegate, DestinationPolicy policy) {
            this.delegate = delegate;
            this.policy = policy;
        }

        @Override
        public Socket createSocket(HttpContext context) throws IOException {
            return delegate.createSocket(context);
        }

        @Override
        public Socket connectSocket(
                int connectTimeout,
                Socket socket,
                HttpHost host,
                InetSocketAddress remoteAddress,
                InetSocketAddress localAddress,
                HttpContext context)
                throws IOException {
            policy.check(host.getHostName(), remoteAddress.getAddress(), remoteAddress.getPort());
            return delegate.connectSocket(
                    connectTimeout, socket, host, remoteAddress, localAddress, context);
        }
    }

    /** As {@link Checked}, for TLS. */
    private static final class CheckedLayered extends Checked
            implements LayeredConnectionSocketFactory {
        private final LayeredConnectionSocketFactory layered;

        CheckedLayered(LayeredConnectionSocketFactory delegate, DestinationPolicy policy) {
            super(delegate, policy);
            this.layered = delegate;
        }

        @Override
        public Socket createLayeredSocket(
                Socket socket, String target, int port, HttpContext context) throws IOException {
            return layered.createLayeredSocket(socket, target, port, context);
        }
    }
}
