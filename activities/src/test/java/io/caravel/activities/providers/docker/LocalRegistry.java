package io.caravel.activities.providers.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A minimal Docker registry (API v2, read-only) on 127.0.0.1 serving one image, taken from the
 * local daemon with {@code docker save}, under any name and tag. The daemon pulls from it over
 * plain HTTP (loopback registries are insecure-allowed by default). Manifest requests can be
 * delayed, to make a pull slow.
 */
final class LocalRegistry implements AutoCloseable {
    private static final String MANIFEST_TYPE =
            "application/vnd.docker.distribution.manifest.v2+json";

    private final HttpServer server;
    private final Map<String, byte[]> blobs = new HashMap<>();
    private final byte[] manifest;
    private final long manifestDelayMillis;
    final AtomicInteger manifestRequests = new AtomicInteger();

    LocalRegistry(DockerClient docker, String image, long manifestDelayMillis) throws Exception {
        this.manifestDelayMillis = manifestDelayMillis;
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream saved = docker.saveImageCmd(image).exec();
                TarArchiveInputStream tar = new TarArchiveInputStream(saved)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile()) {
                    files.put(entry.getName(), tar.readAllBytes());
                }
            }
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode saved = json.readTree(files.get("manifest.json")).get(0);
        StringBuilder layers = new StringBuilder();
        for (JsonNode layer : saved.get("Layers")) {
            if (layers.length() > 0) {
                layers.append(',');
            }
            layers.append(
                    descriptor(
                            "application/vnd.docker.image.rootfs.diff.tar",
                            add(files.get(layer.asText()))));
        }
        byte[] config = files.get(saved.get("Config").asText());
        this.manifest =
                ("{\"schemaVersion\":2,\"mediaType\":\""
                                + MANIFEST_TYPE
                                + "\",\"config\":"
                                + descriptor(
                                        "application/vnd.docker.container.image.v1+json",
                                        add(config))
                                + ",\"layers\":["
                                + layers
                                + "]}")
                        .getBytes(StandardCharsets.UTF_8);
        this.server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", this::handle);
        server.start();
    }

    /** {@code 127.0.0.1:PORT}, the registry part of an image reference. */
    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private String add(byte[] blob) throws NoSuchAlgorithmException {
        String digest =
                "sha256:"
                        + HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(blob));
        blobs.put(digest, blob);
        return digest;
    }

    private String descriptor(String mediaType, String digest) {
        return "{\"mediaType\":\""
                + mediaType
                + "\",\"size\":"
                + blobs.get(digest).length
                + ",\"digest\":\""
                + digest
                + "\"}";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        exchange.getResponseHeaders().add("Docker-Distribution-API-Version", "registry/2.0");
        if (path.equals("/v2/")) {
            respond(exchange, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        } else if (path.contains("/manifests/")) {
            manifestRequests.incrementAndGet();
            try {
                Thread.sleep(manifestDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseHeaders()
                    .add("Docker-Content-Digest", "sha256:" + sha256(manifest));
            respond(exchange, MANIFEST_TYPE, manifest);
        } else if (path.contains("/blobs/")
                && blobs.containsKey(path.substring(path.lastIndexOf('/') + 1))) {
            respond(
                    exchange,
                    "application/octet-stream",
                    blobs.get(path.substring(path.lastIndexOf('/') + 1)));
        } else {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, String type, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.getResponseHeaders().add("Content-Length", Integer.toString(body.length));
        exchange.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
