package io.caravel.activities.providers.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test instrument: a TCP proxy on 127.0.0.1 in front of an HTTP server that passes every byte
 * through unchanged (so S3 signatures, which cover the Host header, stay valid) and records the
 * request line of each request a client sends. It reads request lines out of the client's byte
 * stream, so it is meant for requests without bodies (GET, HEAD, listing).
 */
public final class RecordingProxy implements AutoCloseable {
    private static final Pattern REQUEST_LINE =
            Pattern.compile("(GET|HEAD|PUT|POST|DELETE) (\\S+) HTTP/1\\.[01]\r\n");

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /** A proxy to {@code targetHost:targetPort}, listening on a free port of 127.0.0.1. */
    public RecordingProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "recording-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The request lines seen so far, such as {@code GET /bucket/key?versionId=... }, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public void clear() {
        requests.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                // Closed, or the upstream refused: the client sees its connection dropped.
            }
        }
    }

    private void pump(Socket from, Socket to, boolean record) {
        Thread t =
                new Thread(
                        () -> {
                            StringBuilder pending = new StringBuilder();
                            byte[] buffer = new byte[64 << 10];
                            try (InputStream in = from.getInputStream();
                                    OutputStream out = to.getOutputStream()) {
                                int n;
                                while ((n = in.read(buffer)) > 0) {
                                    if (record) {
                                        pending.append(
                                                new String(
                                                        buffer, 0, n, StandardCharsets.ISO_8859_1));
                                        Matcher m = REQUEST_LINE.matcher(pending);
                                        int end = 0;
                                        while (m.find()) {
                                            requests.add(m.group(1) + " " + m.group(2));
                                            end = m.end();
                                        }
                                        // Keep only a tail that could hold the start of a request
                                        // line cut by this read.
                                        pending.delete(0, Math.max(end, pending.length() - 8192));
                                    }
                                    out.write(buffer, 0, n);
                                    out.flush();
                                }
                            } catch (IOException e) {
                                // The other side closed.
                            } finally {
                                closeQuietly(from);
                                closeQuietly(to);
                            }
                        },
                        "recording-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(RecordingProxy::closeQuietly);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
