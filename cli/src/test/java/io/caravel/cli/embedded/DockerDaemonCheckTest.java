package io.caravel.cli.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded worker's Docker probe against the real daemon of scripts/docker-dev.sh and against
 * sockets that do not answer as one.
 */
class DockerDaemonCheckTest {
    private static final String DOCKER_HOST =
            "unix://"
                    + System.getenv().getOrDefault("CARAVEL_DOCKER_SOCKET", "/var/run/docker.sock");

    @TempDir Path dir;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theRealDaemonAnswers() {
        assertThat(DockerDaemonCheck.problem(DOCKER_HOST, false, Duration.ofSeconds(10))).isEmpty();
    }

    @Test
    void aMissingSocketIsNamed() {
        Path socket = dir.resolve("docker.sock");
        assertThat(DockerDaemonCheck.problem("unix://" + socket, false, DockerDaemonCheck.TIMEOUT))
                .contains(
                        "no daemon answers at unix://"
                                + socket
                                + ": "
                                + socket
                                + " does not exist");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aSocketThatAcceptsButNeverAnswersIsNoDaemon() throws IOException {
        Path socket = dir.resolve("silent.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertThat(DockerDaemonCheck.problem("unix://" + socket, false, Duration.ofMillis(300)))
                    .contains(
                            "no daemon answers at unix://" + socket + ": no answer within 300 ms");
            try (SocketChannel accepted = server.accept()) {
                assertThat(accepted).isNotNull();
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aServerThatAnswersSomethingElseIsQuoted() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer =
                    new Thread(
                            () -> {
                                try (Socket s = server.accept();
                                        OutputStream out = s.getOutputStream()) {
                                    s.getInputStream().read(new byte[256]);
                                    out.write(
                                            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                                                    .getBytes(StandardCharsets.US_ASCII));
                                } catch (IOException ignored) {
                                    // the probe hung up
                                }
                            });
            answer.start();
            String host = "tcp://127.0.0.1:" + server.getLocalPort();
            assertThat(DockerDaemonCheck.problem(host, false, Duration.ofSeconds(10)))
                    .contains(
                            "no daemon answers at "
                                    + host
                                    + ": it answered HTTP/1.1 404 Not Found to GET /_ping");
            answer.join(10_000);
        }
    }

    @Test
    void anAddressOfAnotherKindIsNamed() {
        assertThat(
                        DockerDaemonCheck.problem(
                                "npipe:////./pipe/docker_engine", false, DockerDaemonCheck.TIMEOUT))
                .contains(
                        "dockerHost npipe:////./pipe/docker_engine is not a unix:// or tcp:// address");
    }
}
