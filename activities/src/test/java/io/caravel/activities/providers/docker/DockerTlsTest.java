package io.caravel.activities.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.RunOutput;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote daemon over TLS with client certificates ({@code dockerHost: tcp://…} with {@code
 * dockerCertPath}).
 */
@Timeout(120)
class DockerTlsTest {
    @TempDir static Path certs;
    static TlsDockerFront front;

    @TempDir Path tmp;

    @BeforeAll
    static void start() throws Exception {
        front = new TlsDockerFront(certs);
    }

    @AfterAll
    static void stop() throws Exception {
        front.close();
    }

    @Test
    void theEngineRunsOnADaemonBehindTlsWithTheNodesCertificates() throws Exception {
        DockerEngine engine =
                new DockerEngine(
                        DockerClients.lazy(front.host(), Optional.of(front.clientCerts)),
                        ImagePulls.DEFAULT);
        DockerRun run = new DockerRun(tmp, "e-tls-" + UUID.randomUUID()).shell("echo over tls");

        engine.prepare(run.context());
        RunOutput output = engine.run(run.context());

        assertThat(output.exitCode()).isZero();
        assertThat(output.stdout()).isEqualTo("over tls\n");
        assertThat(front.handshakes.get()).isPositive();
    }

    @Test
    void withoutCertificatesOrWithAnotherAuthoritysTheDaemonIsNotReachedAndTheNodeSaysSo() {
        int before = front.handshakes.get();
        for (Optional<Path> certs :
                List.of(Optional.<Path>empty(), Optional.of(front.strangerCerts))) {
            DockerEngine engine =
                    new DockerEngine(DockerClients.lazy(front.host(), certs), ImagePulls.DEFAULT);
            DockerRun run = new DockerRun(tmp, "e-tls-" + UUID.randomUUID()).shell("true");

            assertThatThrownBy(() -> engine.prepare(run.context()))
                    .isInstanceOfSatisfying(
                            CaravelException.class,
                            e -> {
                                assertThat(e.code()).isEqualTo(ErrorCode.NODE_FAILURE);
                                assertThat(e.retryable()).isTrue();
                                assertThat(e.getMessage())
                                        .startsWith("the Docker daemon cannot be reached: ");
                                assertThat(e.hint()).contains("dockerHost", "dockerCertPath");
                            });
        }
        assertThat(front.handshakes.get()).isEqualTo(before);
    }

    @Test
    void aDaemonThatIsNotThereIsReportedAsSuch() {
        for (String host :
                List.of("tcp://127.0.0.1:1", "unix://" + tmp.resolve("no-docker.sock"))) {
            DockerEngine engine = new DockerEngine(host);
            DockerRun run = new DockerRun(tmp, "e-tls-" + UUID.randomUUID()).shell("true");

            assertThatThrownBy(() -> engine.run(run.context()))
                    .as(host)
                    .isInstanceOfSatisfying(
                            CaravelException.class,
                            e -> {
                                assertThat(e.code()).isEqualTo(ErrorCode.NODE_FAILURE);
                                assertThat(e.getMessage())
                                        .startsWith("the Docker daemon cannot be reached: ");
                            });
        }
    }

    @AfterAll
    static void releaseRuns() {
        DockerRun.releaseAll();
    }
}
