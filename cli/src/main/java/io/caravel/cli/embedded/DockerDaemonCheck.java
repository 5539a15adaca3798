package io.caravel.cli.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether a Docker daemon answers at a {@code dockerHost}, cheaply, before the embedded worker is
 * wired: {@code GET /_ping} over the socket itself (no Docker client is loaded), waited for at most
 * a short timeout. A {@code unix://} socket file that does not exist answers at once, so a machine
 * without Docker pays nothing. Behind TLS ({@code tcp://} with a cert path) an accepted connection
 * counts as an answer.
 */
public final class DockerDaemonCheck {
    /** Long enough for a local daemon under load, short enough that nobody notices it. */
    public static final Duration TIMEOUT = Duration.ofMillis(1500);

    private DockerDaemonCheck() {}

    /**
     * Why no daemon can be used at {@code dockerHost} ({@code no daemon answers at HOST}, with the
     * cause); empty when one answers within {@code timeout}.
     *
     * @param tls whether the daemon is reached over TLS (a {@code dockerCertPath} is set)
     */
    public static Optional<String> problem(String dockerHost, boolean tls, Duration timeout) {
        URI uri;
        try {
            uri = URI.create(dockerHost);
        } catch (IllegalArgumentException e) {
            return Optional.of("dockerHost " + dockerHost + " is not a unix:// or tcp:// address");
        }
        if ("unix".equals(uri.getScheme())) {
            Path socket = Path.of(uri.getPath());
            if (!Files.exists(socket)) {
                return Optional.of(
                        "no daemon answers at " + dockerHost + ": " + socket + " does not exist");
            }
        } else if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            return Optional.of("dockerHost " + dockerHost + " is not a unix:// or tcp:// address");
        }
        CompletableFuture<Optional<String>> ping = new CompletableFuture<>();
        SocketChannel[] channel = new SocketChannel[1];
        Thread pinger =
                new Thread(
                        () -> {
                            try {
                                ping.complete(ping(uri, tls, channel));
                            } catch (IOException | RuntimeException e) {
                                ping.complete(
                                        Optional.of(
                                                e.getMessage() == null
                                                        ? e.toString()
                                                        : e.getMessage()));
                            }
                        },
                        "docker-daemon-check");
        pinger.setDaemon(true);
        pinger.start();
        Optional<String> cause;
        try {
            cause = ping.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            cause = Optional.of("no answer within " + timeout.toMillis() + " ms");
            closeQuietly(channel);
        } catch (ExecutionException e) {
            cause = Optional.of(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cause = Optional.of("interrupted");
            closeQuietly(channel);
        }
        return cause.map(c -> "no daemon answers at " + dockerHost + ": " + c);
    }

    private static Optional<String> ping(URI uri, boolean tls, SocketChannel[] holder)
            throws IOException {
        boolean unix = "unix".equals(uri.getScheme());
        try (SocketChannel channel =
                unix ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open()) {
            synchronized (holder) {
                holder[0] = channel;
            }
            channel.connect(
                    unix
                            ? UnixDomainSocketAddress.of(uri.getPath())
                            : new InetSocketAddress(uri.getHost(), uri.getPort()));
            if (tls) {
                return Optional.empty();
            }
            channel.write(
                    ByteBuffer.wrap(
                            ("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer answer = ByteBuffer.allocate(64);
            while (answer.hasRemaining() && channel.read(answer) >= 0) {
                if (answer.position() >= 12) {
                    break;
                }
            }
            String status =
                    new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII);
            if (status.startsWith("HTTP/1.")
                    && status.length() >= 12
                    && status.startsWith("200", 9)) {
                return Optional.empty();
            }
            String line = status.lines().findFirst().orElse("");
            return Optional.of(
                    line.isEmpty()
                            ? "it closed the connection without an answer"
                            : "it answered " + line + " to GET /_ping");
        }
    }

    private static void closeQuietly(SocketChannel[] holder) {
        synchronized (holder) {
            if (holder[0] != null) {
                try {
                    holder[0].close();
                } catch (IOException ignored) {
                    // the probe has given up on it
                }
            }
        }
    }
}
