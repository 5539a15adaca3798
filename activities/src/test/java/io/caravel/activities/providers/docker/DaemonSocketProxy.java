package io.caravel.activities.providers.docker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The test daemon behind a Unix socket of the test's own, which the test can cut and restore: a
 * node pointed at it loses its daemon (every connection, streams included, breaks and nothing
 * answers) without the real daemon, which other tests use, ever stopping.
 */
final class DaemonSocketProxy implements AutoCloseable {
    private static final Path DAEMON = Path.of("/var/run/docker.sock");

    private final Path socket;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "daemon-socket-proxy");
                        t.setDaemon(true);
                        return t;
                    });
    private ServerSocketChannel server;

    DaemonSocketProxy(Path socket) throws IOException {
        this.socket = socket;
        restore();
    }

    /** The proxy as a docker host: {@code unix:///path}. */
    String host() {
        return "unix://" + socket;
    }

    /** Starts relaying again (a daemon that came back). */
    synchronized void restore() throws IOException {
        if (server != null) {
            return;
        }
        Files.deleteIfExists(socket);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(socket));
        server = s;
        threads.submit(() -> accept(s));
    }

    /**
     * Stops listening, removes the socket and breaks every relayed connection (a daemon that went
     * away).
     */
    synchronized void cut() throws IOException {
        if (server == null) {
            return;
        }
        server.close();
        server = null;
        Files.deleteIfExists(socket);
        for (SocketChannel c : open) {
            c.close();
        }
        open.clear();
    }

    private void accept(ServerSocketChannel s) {
        while (s.isOpen()) {
            try {
                SocketChannel client = s.accept();
                // Registered here, under cut()'s lock: a connection accepted just before a cut (a
                // stream the node was opening) is broken with the others, never relayed on.
                synchronized (this) {
                    if (server != s) {
                        client.close();
                        return;
                    }
                    open.add(client);
                }
                threads.submit(() -> relay(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(SocketChannel client) {
        try (client;
                SocketChannel daemon = SocketChannel.open(UnixDomainSocketAddress.of(DAEMON))) {
            open.add(daemon);
            try {
                var back = threads.submit(() -> copy(daemon, client));
                copy(client, daemon);
                back.get();
            } finally {
                open.remove(daemon);
            }
        } catch (Exception e) {
            // A cut or closed connection ends this relay only.
        } finally {
            open.remove(client);
        }
    }

    private static Void copy(SocketChannel from, SocketChannel to) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (from.read(buffer) >= 0) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                to.write(buffer);
            }
            buffer.clear();
        }
        to.shutdownOutput();
        return null;
    }

    @Override
    public void close() throws IOException {
        cut();
        threads.shutdownNow();
    }
}
