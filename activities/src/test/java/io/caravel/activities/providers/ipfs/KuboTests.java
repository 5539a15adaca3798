package io.caravel.activities.providers.ipfs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The real Kubo node the tests use: {@code scripts/ipfs-dev.sh} starts it offline on 127.0.0.1:5001
 * ({@code CARAVEL_TEST_IPFS_API} overrides). A node that is not there fails the test.
 */
public final class KuboTests {
    public static final String API =
            System.getenv().getOrDefault("CARAVEL_TEST_IPFS_API", KuboClient.DEFAULT_API);

    private KuboTests() {}

    /** A client of the test node, after checking it answers. */
    public static KuboClient client() {
        KuboClient kubo = new KuboClient(URI.create(API), Duration.ofSeconds(30));
        try {
            kubo.version();
        } catch (Exception e) {
            throw new AssertionError(
                    "no Kubo RPC API at " + API + "; start one with scripts/ipfs-dev.sh", e);
        }
        return kubo;
    }

    /** Unpins {@code cid} and garbage-collects, so the node no longer holds its blocks. */
    public static void forget(String cid) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        for (String call : new String[] {"pin/rm?arg=" + cid, "repo/gc"}) {
            HttpResponse<String> r =
                    http.send(
                            HttpRequest.newBuilder(URI.create(API + "/api/v0/" + call))
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError(call + " answered " + r.statusCode() + ": " + r.body());
            }
        }
    }
}
