package io.caravel.activities.providers.docker.egress;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A forward HTTP proxy that lets a job reach exactly the domains it declared, as Bacalhau's HTTP
 * gateway (Squid) does for Docker jobs in {@code HTTP} network mode (BACALHAU-SPEC section 3, 10).
 *
 * <p>It serves HTTP/1.x requests in absolute form ({@code GET http://host/path HTTP/1.1}, any
 * method, with bodies) and {@code CONNECT host:port} tunnels (HTTPS and anything else over TCP). A
 * target is admitted when its host matches a declared domain with Bacalhau's rule: the exact name,
 * or for a leading-dot entry {@code .example.com} that domain and every subdomain; an IP literal
 * only when that address is declared. Everything else gets {@code 403 Forbidden} with a one-line
 * reason, logged at info. Admitted names are resolved with the injected {@link HostResolver} and
 * the addresses are checked with the {@link TargetAddresses} rule.
 *
 * <p>One request per client connection: the proxy asks the upstream to close after its response and
 * closes the client connection after relaying it ({@code Connection: close}).
 *
 * <p>Limits, all fixed: {@link #MAX_CONNECTIONS} client connections at once (more get 503), {@link
 * #MAX_HEAD_BYTES} of request line plus headers (more get 431), {@link #HEAD_TIMEOUT} to send them,
 * {@link #CONNECT_TIMEOUT} to reach the upstream (502 when it cannot be reached, 504 on timeout),
 * and {@link #IDLE_TIMEOUT} without a byte in either direction before an exchange or tunnel is
 * closed. Threads are daemons; {@link #close()} closes the listener and every connection.
 */
public final class EgressProxy implements AutoCloseable {
    /** Client connections served at once; one more is answered 503 and closed. */
    public static final int MAX_CONNECTIONS = 64;

    /** Bytes of request line plus header fields; a larger head is answered 431. */
    public static final int MAX_HEAD_BYTES = 16 * 1024;

    /** Bytes of an upstream response's status line plus header fields; more is answered 502. */
    public static final int MAX_RESPONSE_HEAD_BYTES = 64 * 1024;

    /** Time a client has, from connecting, to send its whole request head. */
    public static final Duration HEAD_TIMEOUT = Duration.ofSeconds(30);

    /** Time to open the TCP connection to the upstream. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Time without a byte in either direction after which an exchange or a tunnel is closed. */
    public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(EgressProxy.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ServerSocket server;
    private final EgressPolicy policy;
    private final ExecutorService threads;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * Starts a proxy for {@code domains} on {@code bind} (port 0 picks a free port) with the JVM's
     * resolver, refusing names that resolve to this host's loopback or link-local addresses.
     *
     * @throws IOException when the address cannot be bound
     */
    public EgressProxy(InetSocketAddress bind, List<String> domains) throws IOException {
        this(bind, domains, HostResolver.SYSTEM, TargetAddresses.NOT_HOST_LOCAL);
    }

    /**
     * Starts a proxy for {@code domains} (entries of {@code Network.Domains}, normalised here) on
     * {@code bind}, resolving names with {@code resolver} and connecting only to addresses that
     * {@code targets} permits.
     *
     * @throws IOException when the address cannot be bound
     */
    public EgressProxy(
            InetSocketAddress bind,
            List<String> domains,
            HostResolver resolver,
            TargetAddresses targets)
            throws IOException {
        this.policy = new EgressPolicy(domains, resolver, targets);
        this.server = new ServerSocket();
        server.bind(bind, MAX_CONNECTIONS);
        int n = INSTANCES.incrementAndGet();
        AtomicInteger worker = new AtomicInteger();
        this.threads =
                Executors.newCachedThreadPool(
                        r -> daemon(r, "egress-proxy-" + n + "-" + worker.incrementAndGet()));
        this.acceptor = daemon(this::acceptLoop, "egress-proxy-" + n + "-accept");
        acceptor.start();
        LOG.info("egress proxy listening on {} for {}", address(), policy.domains());
    }

    /** The address and port the proxy listens on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** The domains admitted, as {@link io.caravel.api.network.Domains#domainSet} reduced them. */
    public List<String> domains() {
        return policy.domains();
    }

    /** Stops accepting and closes every open connection. Idempotent. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        for (Socket s : open) {
            closeQuietly(s);
        }
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn(
                            "egress proxy on {} stopped accepting: {}",
                            server.getLocalSocketAddress(),
                            e.toString());
                }
                return;
            }
            if (!slots.tryAcquire()) {
                LOG.info(
                        "egress proxy on {} refused a connection: {} connections are open",
                        address(),
                        MAX_CONNECTIONS);
                ProxyExchange.answer(
                        client,
                        503,
                        "too many connections through this proxy (at most "
                                + MAX_CONNECTIONS
                                + ")");
                closeQuietly(client);
                continue;
            }
            open.add(client);
            try {
                threads.execute(
                        () -> {
                            try {
                                new ProxyExchange(client, policy, this).run();
                            } finally {
                                open.remove(client);
                                closeQuietly(client);
                                slots.release();
                            }
                        });
            } catch (RuntimeException rejected) {
                // The pool was shut down by close() between accept and execute.
                open.remove(client);
                closeQuietly(client);
                slots.release();
            }
        }
    }

    /**
     * Registers an upstream socket so close() closes it too; false when the proxy is already
     * closed.
     */
    boolean track(Socket upstream) {
        open.add(upstream);
        if (closed) {
            open.remove(upstream);
            return false;
        }
        return true;
    }

    void untrack(Socket upstream) {
        open.remove(upstream);
    }

    /** Runs the second direction of a tunnel or exchange on the proxy's pool. */
    Future<?> submit(Runnable r) {
        return threads.submit(r);
    }

    void logRefusal(String request, String reason) {
        LOG.info("egress proxy on {} refused {}: {}", address(), request, reason);
    }

    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // Closing is best effort; the peer may already be gone.
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
