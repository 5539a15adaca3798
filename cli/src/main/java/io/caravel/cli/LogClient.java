package io.caravel.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Reads an execution's logs from the results server of the node that runs it: {@code GET
 * <resultsUrl>/logs/<executionId>/<stream>?offset=N}, with a bearer token when one is given.
 */
final class LogClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final String token;

    /**
     * @param token the results servers' bearer token; null or blank for none
     * @param http the client to send with (its TLS trust included)
     */
    LogClient(String token, HttpClient http) {
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.http = http;
    }

    /**
     * What a read gave: the bytes from the offset on (and the length the server declared), or why
     * there were none.
     */
    record Read(byte[] bytes, String unavailable, long length) {
        static Read unavailable(String reason) {
            return new Read(new byte[0], reason, -1);
        }

        boolean ok() {
            return unavailable == null;
        }
    }

    /**
     * The bytes of {@code stream} ({@code stdout} or {@code stderr}) from {@code offset} on.
     *
     * @throws CliException when the server refuses the token (401)
     */
    Read read(String resultsUrl, String executionId, String stream, long offset)
            throws InterruptedException {
        return send(resultsUrl, executionId, stream + "?offset=" + offset, "GET");
    }

    /**
     * The size of {@code stream} now, from a {@code HEAD} request; empty when the node does not
     * have it.
     *
     * @throws CliException when the server refuses the token (401)
     */
    OptionalLong size(String resultsUrl, String executionId, String stream)
            throws InterruptedException {
        Read head = send(resultsUrl, executionId, stream, "HEAD");
        return head.ok() && head.length() >= 0
                ? OptionalLong.of(head.length())
                : OptionalLong.empty();
    }

    private Read send(String resultsUrl, String executionId, String pathAndQuery, String method)
            throws InterruptedException {
        URI uri;
        try {
            uri = URI.create(resultsUrl + "/logs/" + executionId + "/" + pathAndQuery);
        } catch (IllegalArgumentException e) {
            return Read.unavailable("the node's results URL " + resultsUrl + " is not a URL");
        }
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri)
                        .timeout(TIMEOUT)
                        .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (javax.net.ssl.SSLException e) {
            throw new CliException(
                    "cannot talk TLS with the results server at "
                            + resultsUrl
                            + ": "
                            + e.getMessage(),
                    "if its certificate is signed by a private CA, pass --results-ca-cert CA.pem (or set "
                            + "CARAVEL_RESULTS_CA_CERT)");
        } catch (IOException e) {
            return Read.unavailable(
                    "cannot reach "
                            + resultsUrl
                            + ": "
                            + (e.getMessage() == null
                                    ? e.getClass().getSimpleName()
                                    : e.getMessage()));
        }
        return switch (response.statusCode()) {
            case 200 ->
                    new Read(
                            response.body(),
                            null,
                            response.headers()
                                    .firstValueAsLong("Content-Length")
                                    .orElse(response.body().length));
            case 401 ->
                    throw new CliException(
                            "the results server at "
                                    + resultsUrl
                                    + " requires a bearer token"
                                    + (token == null ? "" : " other than the one given"),
                            "pass --token or set CARAVEL_RESULTS_TOKEN to the workers' results token");
            case 404 ->
                    Read.unavailable(
                            "the node at " + resultsUrl + " has no logs of " + executionId);
            default ->
                    Read.unavailable(
                            "the node at "
                                    + resultsUrl
                                    + " answered HTTP "
                                    + response.statusCode());
        };
    }
}
