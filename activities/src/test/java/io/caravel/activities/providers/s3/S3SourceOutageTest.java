package io.caravel.activities.providers.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.TestJobs;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.SpecConfig;
import io.caravel.workflows.activities.StagedInputs;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3 server that is down when an input is staged: the failure is retryable and says which
 * endpoint could not be reached, and the same staging succeeds once the server is up. The test
 * starts its own versitygw (the binary {@code scripts/s3-dev.sh} installs) on a free loopback port.
 */
class S3SourceOutageTest {
    @TempDir Path tmp;

    private static Path versitygw() {
        String configured =
                System.getProperty("caravel.versitygw", System.getenv("CARAVEL_VERSITYGW"));
        Path binary =
                configured != null && !configured.isBlank()
                        ? Path.of(configured)
                        : Path.of(System.getProperty("user.home"), "go", "bin", "versitygw");
        assertThat(binary).as("versitygw, installed by scripts/s3-dev.sh").isExecutable();
        return binary;
    }

    private StagedInput stage(String endpoint, S3Clients clients) throws Exception {
        Path exec = Files.createTempDirectory(tmp, "exec");
        ExecutionContext context =
                new ExecutionContext(
                        TestJobs.noopJob(),
                        "e-1",
                        0,
                        "node-1",
                        null,
                        exec,
                        exec.resolve("results"),
                        exec.resolve("logs"),
                        StagedInputs.NONE,
                        Map.of(),
                        m -> {},
                        () -> false);
        Map<String, Object> params =
                Map.of("Bucket", "outage", "Key", "in/data.txt", "Endpoint", endpoint);
        return new S3Source(clients)
                .stage(
                        new InputSource(SpecConfig.of("s3", params), "", "/in"),
                        Files.createDirectories(exec.resolve("inputs/0")),
                        context);
    }

    @Test
    void aServerThatIsDownFailsRetryablyAndTheRetrySucceedsOnceItIsUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;
        try (S3Clients clients = S3TestServer.clients(endpoint)) {
            assertThatThrownBy(() -> stage(endpoint, clients))
                    .isInstanceOfSatisfying(
                            CaravelException.class,
                            e -> {
                                assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
                                assertThat(e.retryable()).isTrue();
                                assertThat(e.getMessage())
                                        .startsWith(
                                                "cannot read s3://outage/in/data.txt: cannot reach "
                                                        + endpoint);
                            });

            Path root = Files.createDirectories(tmp.resolve("gw"));
            Process server =
                    new ProcessBuilder(
                                    versitygw().toString(),
                                    "--port",
                                    "127.0.0.1:" + port,
                                    "--access",
                                    S3TestServer.ACCESS_KEY,
                                    "--secret",
                                    S3TestServer.SECRET_KEY,
                                    "--quiet",
                                    "posix",
                                    root.toString())
                            .redirectErrorStream(true)
                            .redirectOutput(tmp.resolve("gw.log").toFile())
                            .start();
            try {
                waitForPort(port);
                try (S3Client admin =
                        S3Client.builder()
                                .endpointOverride(URI.create(endpoint))
                                .forcePathStyle(true)
                                .region(Region.US_EAST_1)
                                .credentialsProvider(
                                        StaticCredentialsProvider.create(
                                                AwsBasicCredentials.create(
                                                        S3TestServer.ACCESS_KEY,
                                                        S3TestServer.SECRET_KEY)))
                                .build()) {
                    admin.createBucket(b -> b.bucket("outage"));
                    admin.putObject(
                            b -> b.bucket("outage").key("in/data.txt"),
                            RequestBody.fromString("back"));
                }
                StagedInput staged = stage(endpoint, clients);
                assertThat(Files.readString(Path.of(staged.hostPath(), "data.txt")))
                        .isEqualTo("back");
            } finally {
                server.destroy();
                server.waitFor();
            }
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("versitygw did not open 127.0.0.1:" + port + " within 10 s");
    }
}
