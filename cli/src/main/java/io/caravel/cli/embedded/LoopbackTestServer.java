package io.caravel.cli.embedded;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Temporal Java test server (what {@code TestServer.createPortBoundServer(port, true)} starts,
 * real time, no time skipping) listening on 127.0.0.1 only: the embedded default must not be
 * reachable from other hosts, and {@code createPortBoundServer} binds every interface.
 */
public final class LoopbackTestServer implements EmbeddedServer {
    private final TestServicesStarter services;
    private final Server server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LoopbackTestServer(TestServicesStarter services, Server server) {
        this.services = services;
        this.server = server;
    }

    /**
     * Starts the server on 127.0.0.1:{@code port} (0 picks a free port).
     *
     * @throws IOException when the port cannot be bound, typically because it is in use
     */
    public static LoopbackTestServer start(int port) throws IOException {
        return start(port, null);
    }

    /**
     * Starts the server on 127.0.0.1:{@code port} speaking TLS with {@code tls} (a server context,
     * which may require client certificates): a stand-in for a TLS Temporal cluster.
     *
     * @throws IOException when the port cannot be bound, typically because it is in use
     */
    public static LoopbackTestServer startTls(int port, SslContext tls) throws IOException {
        return start(port, Objects.requireNonNull(tls, "tls"));
    }

    private static LoopbackTestServer start(int port, SslContext tls) throws IOException {
        TestServicesStarter services = new TestServicesStarter(true, 0);
        NettyServerBuilder builder =
                NettyServerBuilder.forAddress(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        if (tls != null) {
            builder.sslContext(tls);
        }
        GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
        Server server = builder.build();
        try {
            server.start();
        } catch (IOException e) {
            services.close();
            throw e;
        }
        return new LoopbackTestServer(services, server);
    }

    /** The port it listens on. */
    public int port() {
        return server.getPort();
    }

    /** {@code 127.0.0.1:<port>}, for clients. */
    @Override
    public String address() {
        return "127.0.0.1:" + port();
    }

    @Override
    public List<String> describe() {
        return List.of(
                "Temporal test server (in memory) listening on "
                        + address()
                        + ", namespace default",
                "  nothing survives a restart; no job list, no UI");
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        services.close();
    }
}
