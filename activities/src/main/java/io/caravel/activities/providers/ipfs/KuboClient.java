package io.caravel.activities.providers.ipfs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravel.activities.files.TarGzExtractor;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A small client of Kubo's RPC API ({@code /api/v0/...}, every call a POST) on {@code
 * java.net.http}: add a file or directory tree and get its root CID, stat a CID, and fetch a CID's
 * content as the tar archive {@code get} streams, extracted safely. Each call is bounded by the
 * timeout, given to Kubo too ({@code timeout=}), so Kubo stops the work when the client gives up.
 * Kubo's errors ({@code {"Message": ..., "Code": ...}}) surface with Kubo's own message: as {@link
 * ErrorCode#REMOTE_UNAVAILABLE} (retryable) when the node is unreachable, times out or does not
 * hold the blocks (an offline node, content not yet provided), else as {@link
 * ErrorCode#REMOTE_REFUSED} (an invalid CID or path).
 */
public final class KuboClient {
    /** Kubo's RPC API address when none is configured. */
    public static final String DEFAULT_API = "http://127.0.0.1:5001";

    /** How long a connection to Kubo may take to open. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI api;
    private final Duration timeout;

    /**
     * What {@code files/stat} says of a CID: whether it is a directory, and its size with
     * everything below it.
     */
    public record Stat(String cid, boolean directory, long cumulativeSize) {}

    /**
     * @param api the RPC API's base URL, e.g. {@code http://127.0.0.1:5001}
     * @param timeout how long one call may take, the transfer included
     */
    public KuboClient(URI api, Duration timeout) {
        String base = Objects.requireNonNull(api, "api").toString();
        this.api = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(CONNECT_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    public URI api() {
        return api;
    }

    /**
     * Adds the file or directory tree at {@code root} (pinned, CID version 1) and returns the CID
     * of {@code root} itself.
     */
    public String add(Path root) throws IOException, InterruptedException {
        KuboMultipart body = KuboMultipart.of(root);
        HttpRequest request =
                request("add", "pin=true&cid-version=1&quieter=true&progress=false")
                        .header("Content-Type", body.contentType())
                        .POST(HttpRequest.BodyPublishers.ofInputStream(body::open))
                        .build();
        HttpResponse<InputStream> response = send(request, "add " + root);
        String cid = null;
        try (BufferedReader lines =
                new BufferedReader(
                        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    JsonNode hash = JSON.readTree(line).get("Hash");
                    if (hash != null && hash.isTextual()) {
                        cid = hash.asText();
                    }
                }
            }
        }
        if (cid == null) {
            throw new CaravelException(
                    ErrorCode.REMOTE_UNAVAILABLE,
                    "Kubo at " + api + " answered add of " + root + " without a CID",
                    "see Kubo's log; the add may have failed part way");
        }
        return cid;
    }

    /** What {@code cid} is: a file or a directory, and its cumulative size. */
    public Stat stat(String cid) throws IOException, InterruptedException {
        HttpRequest request =
                request("files/stat", "arg=" + query("/ipfs/" + cid))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build();
        HttpResponse<InputStream> response = send(request, "stat " + cid);
        JsonNode node;
        try (InputStream body = response.body()) {
            node = JSON.readTree(body);
        }
        String type = node.path("Type").asText("");
        return new Stat(
                node.path("Hash").asText(cid),
                type.equals("directory"),
                node.path("CumulativeSize").asLong(0));
    }

    /**
     * Fetches {@code cid} into {@code dir} (existing, empty): it appears there as {@code
     * dir/<cid>}, a file or a directory, extracted by {@code extractor} within its limits.
     *
     * @return what was extracted
     * @throws TarGzExtractor.RefusedException when the archive holds something the extractor
     *     refuses (a symbolic link, a file above the limits)
     */
    public TarGzExtractor.Extracted get(String cid, Path dir, TarGzExtractor extractor)
            throws IOException, InterruptedException, TarGzExtractor.RefusedException {
        HttpRequest request =
                request("get", "arg=" + query(cid))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build();
        HttpResponse<InputStream> response = send(request, "get " + cid);
        try (InputStream body = new BufferedInputStream(response.body(), 1 << 20)) {
            return extractor.extractTar(body, dir);
        }
    }

    /** Kubo's version string: a cheap check that the API answers. */
    public String version() throws IOException, InterruptedException {
        HttpRequest request =
                request("version", "").POST(HttpRequest.BodyPublishers.noBody()).build();
        try (InputStream body = send(request, "version").body()) {
            return JSON.readTree(body).path("Version").asText("");
        }
    }

    private HttpRequest.Builder request(String command, String query) {
        String timeoutParam = "timeout=" + timeout.toMillis() + "ms";
        URI uri =
                URI.create(
                        api
                                + "/api/v0/"
                                + command
                                + "?"
                                + (query.isEmpty() ? "" : query + "&")
                                + timeoutParam);
        // The transfer's own bound: a little over Kubo's, so Kubo's error arrives first when it
        // gives up.
        return HttpRequest.newBuilder(uri).timeout(timeout.plusSeconds(5));
    }

    private HttpResponse<InputStream> send(HttpRequest request, String what)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw unavailable(what, "no answer within " + timeout.toSeconds() + "s", e);
        } catch (ConnectException e) {
            throw unavailable(what, "connection refused", e);
        } catch (IOException e) {
            throw unavailable(what, e.toString(), e);
        }
        if (response.statusCode() == 200) {
            return response;
        }
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        }
        throw KuboErrors.of(api, what, response.statusCode(), body);
    }

    private CaravelException unavailable(String what, String why, Exception cause) {
        return new CaravelException(
                ErrorCode.REMOTE_UNAVAILABLE,
                "IPFS node at " + api + " failed " + what + ": " + why,
                "check that Kubo runs and its RPC API listens at "
                        + api
                        + " (the worker's ipfsApi)",
                java.util.List.of(),
                cause);
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
