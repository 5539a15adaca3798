package io.caravel.cli.serve;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain HTTP requests to an {@link ApiServer} on loopback, its answer read as text. */
public final class ApiRequests {
    private ApiRequests() {}

    public static HttpResponse<String> get(ApiServer server, String path)
            throws IOException, InterruptedException {
        return send(server, path, HttpRequest.newBuilder());
    }

    public static HttpResponse<String> put(ApiServer server, String path, String body)
            throws IOException, InterruptedException {
        return send(
                server,
                path,
                HttpRequest.newBuilder().PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(
            ApiServer server, String path, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        request.uri(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
