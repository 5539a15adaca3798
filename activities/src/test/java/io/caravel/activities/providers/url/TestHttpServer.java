package io.caravel.activities.providers.url;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 for the download tests; it records every request as "METHOD
 * /path".
 */
final class TestHttpServer implements AutoCloseable {
    /** Answers one request. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange exchange, int count) throws IOException;
    }

    private final HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    TestHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /**
     * Serves {@code path} with {@code handler}, given how many times the path was asked before (0
     * first).
     */
    TestHttpServer on(String path, Handler handler) {
        server.createContext(
                path,
                exchange -> {
                    String p = exchange.getRequestURI().getPath();
                    requests.add(exchange.getRequestMethod() + " " + p);
                    int n =
                            counts.computeIfAbsent(
                                            exchange.getRequestMethod() + " " + p,
                                            k -> new AtomicInteger())
                                    .getAndIncrement();
                    try {
                        handler.handle(exchange, n);
                    } finally {
                        exchange.close();
                    }
                });
        return this;
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    long count(String methodAndPath) {
        return requests.stream().filter(methodAndPath::equals).count();
    }

    static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(
                status, head || status == 204 ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
