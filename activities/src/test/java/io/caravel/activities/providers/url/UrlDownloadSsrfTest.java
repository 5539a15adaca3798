package io.caravel.activities.providers.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.cache.InputCache;
import io.caravel.activities.net.DestinationPolicy;
import io.caravel.activities.net.DestinationRefusedException;
import io.caravel.activities.sources.SourceTests;
import io.caravel.api.errors.ErrorCode;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's URL input cannot make the worker read what only the worker can reach: loopback, directly,
 * through a redirect, through a name, through the IPv4-mapped IPv6 form, unless the node's operator
 * allow-lists it. Real HTTP servers on 127.0.0.1 stand in for the worker host's own services.
 */
@Tag("security")
@Timeout(60)
class UrlDownloadSsrfTest {
    @TempDir Path tmp;

    private final TestHttpServer secret = server();
    private final TestHttpServer allowed = server();

    @AfterEach
    void stop() {
        secret.close();
        allowed.close();
    }

    @Test
    void aLoopbackUrlIsRefusedBeforeAnyRequestAndNotRetried() {
        secret.on("/secret", (x, n) -> TestHttpServer.send(x, 200, "the worker's secret"));
        String url = secret.url("/secret").toString();

        assertRefused(
                publicOnly(),
                url,
                "urlDownload "
                        + url
                        + ": destination 127.0.0.1 is loopback, which this"
                        + " node does not fetch from for jobs (allow it with fetchAllowedNetworks)");
        assertThat(secret.requests).isEmpty();
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefused() {
        secret.on("/secret", (x, n) -> TestHttpServer.send(x, 200, "the worker's secret"));
        String url = "http://localhost:" + secret.url("/").getPort() + "/secret";

        assertRefused(publicOnly(), url, "destination localhost (127.0.0.1) is loopback");
        assertThat(secret.requests).isEmpty();
    }

    @Test
    void theIpv4MappedIpv6FormOfLoopbackIsRefused() {
        secret.on("/secret", (x, n) -> TestHttpServer.send(x, 200, "the worker's secret"));
        String url = "http://[::ffff:127.0.0.1]:" + secret.url("/").getPort() + "/secret";

        assertRefused(publicOnly(), url, "destination ::ffff:127.0.0.1 (127.0.0.1) is loopback");
        assertThat(secret.requests).isEmpty();
    }

    @Test
    void otherNonPublicRangesAreRefusedByTheirRule() {
        // None of these is connected to: the refusal comes first.
        assertRefused(publicOnly(), "http://169.254.169.254/latest/meta-data/", "is link-local");
        assertRefused(publicOnly(), "http://10.0.0.1/x", "destination 10.0.0.1 is private");
        assertRefused(publicOnly(), "http://100.64.0.1/x", "is shared (carrier-grade NAT)");
        assertRefused(publicOnly(), "http://0.0.0.0:9/x", "is unspecified");
        assertRefused(publicOnly(), "http://[::1]:9/x", "is loopback");
        assertRefused(publicOnly(), "http://[fd00::1]:9/x", "is unique-local");
        assertRefused(publicOnly(), "http://[fe80::1]:9/x", "is link-local");
    }

    @Test
    void aRedirectFromAnAllowedServerToLoopbackIsRefused() {
        secret.on("/secret", (x, n) -> TestHttpServer.send(x, 200, "the worker's secret"));
        allowed.on(
                "/innocent.txt",
                (x, n) -> TestHttpServer.redirect(x, secret.url("/secret").toString()));
        UrlDownloadSource source =
                source(DestinationPolicy.of(List.of("127.0.0.1:" + allowed.url("/").getPort())));
        String url = allowed.url("/innocent.txt").toString();

        assertRefused(
                source,
                url,
                "urlDownload "
                        + url
                        + ": redirected to "
                        + secret.url("/secret")
                        + ": destination 127.0.0.1 is loopback");
        assertThat(allowed.count("GET /innocent.txt")).isEqualTo(1);
        assertThat(secret.requests).isEmpty();
    }

    @Test
    void anAllowListedNetworkIsFetchedFrom() throws Exception {
        allowed.on("/data.csv", (x, n) -> TestHttpServer.send(x, 200, "a,b\n"));

        StagedInput staged =
                stage(
                        source(DestinationPolicy.of(List.of("127.0.0.0/8"))),
                        allowed.url("/data.csv").toString());

        assertThat(Path.of(staged.hostPath())).hasContent("a,b\n");
    }

    @Test
    void anAllowListedHostAndPortAdmitsThatPortOnly() throws Exception {
        allowed.on("/data.csv", (x, n) -> TestHttpServer.send(x, 200, "ok"));
        secret.on("/secret", (x, n) -> TestHttpServer.send(x, 200, "the worker's secret"));
        UrlDownloadSource source =
                source(DestinationPolicy.of(List.of("localhost:" + allowed.url("/").getPort())));

        StagedInput staged =
                stage(source, "http://localhost:" + allowed.url("/").getPort() + "/data.csv");
        assertThat(Path.of(staged.hostPath())).hasContent("ok");
        assertRefused(
                source, "http://localhost:" + secret.url("/").getPort() + "/secret", "is loopback");
        assertThat(secret.requests).isEmpty();
    }

    private void assertRefused(UrlDownloadSource source, String url, String message) {
        assertThatThrownBy(() -> stage(source, url))
                .isInstanceOfSatisfying(
                        DestinationRefusedException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.DESTINATION_REFUSED);
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage()).contains(message);
                            assertThat(e.subject()).isEqualTo("urlDownload " + url);
                        });
    }

    private StagedInput stage(UrlDownloadSource source, String url) throws Exception {
        Path scratch =
                Files.createDirectories(
                        tmp.resolve("scratch").resolve(UUID.randomUUID().toString()));
        return source.stage(
                SourceTests.input("urlDownload", Map.of("URL", url), "/in"),
                scratch,
                SourceTests.context(tmp));
    }

    /** The node's default: no allow-list. */
    private static UrlDownloadSource publicOnly() {
        return new UrlDownloadSource(InputCache.disabled(), Duration.ofSeconds(5), 1_000, 2);
    }

    private static UrlDownloadSource source(DestinationPolicy policy) {
        return new UrlDownloadSource(
                InputCache.disabled(), Duration.ofSeconds(5), 1_000, 2, policy);
    }

    private static TestHttpServer server() {
        try {
            return new TestHttpServer();
        } catch (IOException e) {
            throw new AssertionError("cannot start a test HTTP server on 127.0.0.1", e);
        }
    }
}
