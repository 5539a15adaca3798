package io.caravel.workers.results;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.caravel.activities.node.ExecutionDirs;
import io.caravel.activities.providers.local.LocalPublisher;
import io.caravel.activities.providers.local.ResultsServerSettings;
import io.caravel.api.errors.CaravelException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves what a node publishes locally, and nothing else: {@code GET /results/<executionId>.tar.gz}
 * (the {@link LocalPublisher}'s archive) and {@code GET /logs/<executionId>/stdout|stderr} (the
 * logs of an execution while its directory is on this node). The request path is matched raw,
 * before any decoding, against those two shapes; the execution id is checked by {@link
 * ExecutionDirs#checkId}; the file is then found by its exact name in its directory and must be a
 * regular file, not a link. No part of the request ever becomes a path by itself, so no request
 * reads anything else. Every other request is 404; with a token configured, a request without it is
 * 401 whatever it asks for. HTTPS when the settings name a PEM certificate and key ({@link
 * PemServerTls}), plain HTTP otherwise. While it runs, an {@link ArchiveSweeper} deletes archives
 * older than the retention.
 */
public final class ResultsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResultsServer.class);
    private static final Pattern RESULTS =
            Pattern.compile("/results/(e-[A-Za-z0-9._-]{1,198})\\.tar\\.gz");
    private static final Pattern LOGS =
            Pattern.compile("/logs/(e-[A-Za-z0-9._-]{1,198})/(stdout|stderr)");
    private static final Pattern OFFSET = Pattern.compile("offset=(\\d{1,18})");
    private static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path publishDir;
    private final ExecutionDirs dirs;
    private final Optional<byte[]> token;
    private final String advertisedUrl;
    private final ArchiveSweeper sweeper;

    private ResultsServer(
            HttpServer server,
            ExecutorService executor,
            Path publishDir,
            ExecutionDirs dirs,
            Optional<String> token,
            String advertisedUrl,
            ArchiveSweeper sweeper) {
        this.server = server;
        this.sweeper = sweeper;
        this.executor = executor;
        this.publishDir = publishDir;
        this.dirs = dirs;
        this.token = token.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
        this.advertisedUrl = advertisedUrl;
    }

    /**
     * Binds the server's address and port (without serving yet, see {@link #start()}), so the
     * advertised URL is known before any publisher needs it.
     *
     * @param publishDir where the local publisher writes archives
     * @param dirs the node's execution directories, for logs
     * @throws IOException when the address cannot be bound
     * @throws io.caravel.workers.config.InvalidConfigException when the TLS files cannot be used
     */
    public static ResultsServer bind(
            ResultsServerSettings settings, Path publishDir, ExecutionDirs dirs)
            throws IOException {
        InetSocketAddress address = new InetSocketAddress(settings.address(), settings.port());
        HttpServer server;
        if (settings.tls().isPresent()) {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(
                    new HttpsConfigurator(PemServerTls.context(settings.tls().get())));
            server = https;
        } else {
            server = HttpServer.create(address, 0);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor =
                Executors.newFixedThreadPool(
                        THREADS,
                        r -> {
                            Thread t = new Thread(r, "caravel-results-http-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        server.setExecutor(executor);
        Path published = publishDir.toAbsolutePath().normalize();
        ResultsServer results =
                new ResultsServer(
                        server,
                        executor,
                        published,
                        dirs,
                        settings.token(),
                        settings.advertisedUrl(server.getAddress().getPort()),
                        new ArchiveSweeper(published, settings.retention(), Clock.systemUTC()));
        server.createContext("/", results::handle);
        return results;
    }

    /** Starts answering requests, and sweeping archives older than the retention. */
    public void start() {
        server.start();
        sweeper.start();
        LOG.info(
                "Serving results at {}://{}:{} (advertised as {}){}",
                server instanceof HttpsServer ? "https" : "http",
                server.getAddress().getAddress().getHostAddress(),
                port(),
                advertisedUrl,
                token.isPresent() ? ", bearer token required" : "");
    }

    /** The address bound. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The port bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL clients are told, without a trailing {@code /}. */
    public String advertisedUrl() {
        return advertisedUrl;
    }

    @Override
    public void close() {
        sweeper.close();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!authorized(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                text(exchange, 401, "a bearer token is required\n");
                return;
            }
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                notFound(exchange);
                return;
            }
            Optional<Path> file = lookUp(exchange.getRequestURI().getRawPath());
            if (file.isEmpty()) {
                notFound(exchange);
                return;
            }
            serve(
                    exchange,
                    file.get(),
                    method.equals("HEAD"),
                    offset(exchange.getRequestURI().getRawQuery()));
        } catch (RuntimeException e) {
            LOG.warn("Results request {} failed", exchange.getRequestURI(), e);
        }
    }

    private boolean authorized(HttpExchange exchange) {
        if (token.isEmpty()) {
            return true;
        }
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        return given != null
                && MessageDigest.isEqual(
                        token.get(), given.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** The file a raw request path names, if it has one of the two shapes and the file is there. */
    private Optional<Path> lookUp(String rawPath) {
        if (rawPath == null) {
            return Optional.empty();
        }
        try {
            Matcher results = RESULTS.matcher(rawPath);
            if (results.matches()) {
                return regularFile(LocalPublisher.archiveOf(publishDir, results.group(1)));
            }
            Matcher logs = LOGS.matcher(rawPath);
            if (logs.matches()) {
                ExecutionDirs.Dirs d = dirs.of(logs.group(1));
                String stream = logs.group(2);
                // Engines that keep separate logs write them to logs/; otherwise the live stream is
                // the results file.
                Optional<Path> log = regularFile(d.logs().resolve(stream));
                return log.isPresent() ? log : regularFile(d.results().resolve(stream));
            }
        } catch (CaravelException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<Path> regularFile(Path path) {
        try {
            BasicFileAttributes attrs =
                    Files.readAttributes(
                            path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attrs.isRegularFile() ? Optional.of(path) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long offset(String rawQuery) {
        if (rawQuery == null) {
            return 0;
        }
        for (String part : rawQuery.split("&")) {
            Matcher m = OFFSET.matcher(part);
            if (m.matches()) {
                return Long.parseLong(m.group(1));
            }
        }
        return 0;
    }

    private static void serve(HttpExchange exchange, Path file, boolean head, long offset)
            throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            notFound(exchange);
            return;
        }
        try (in) {
            long size = Files.size(file);
            long start = Math.min(offset, size);
            in.skipNBytes(start);
            long length = size - start;
            exchange.getResponseHeaders()
                    .set(
                            "Content-Type",
                            file.getFileName().toString().endsWith(".tar.gz")
                                    ? "application/gzip"
                                    : "text/plain; charset=utf-8");
            if (head) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, length == 0 ? -1 : length);
            if (length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    byte[] buffer = new byte[64 * 1024];
                    long left = length;
                    while (left > 0) {
                        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                        if (n < 0) {
                            break;
                        }
                        out.write(buffer, 0, n);
                        left -= n;
                    }
                }
            }
        }
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        text(exchange, 404, "not found\n");
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
