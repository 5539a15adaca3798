package io.caravel.activities.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.TestJobs;
import io.caravel.activities.placement.ClaimActivitiesImpl;
import io.caravel.activities.placement.EngineAvailability;
import io.caravel.activities.placement.NodeLedger;
import io.caravel.activities.placement.NodePolicy;
import io.caravel.activities.providers.noop.NoopEngine;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.Job;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.activities.ClaimRequest;
import io.temporal.failure.ApplicationFailure;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose Docker daemon does not answer refuses docker claims as busy, and takes them again
 * once it answers: the real daemon behind {@link DaemonSocketProxy}, cut and restored; a socket
 * with nothing listening; a socket that accepts connections but never answers.
 */
@Timeout(60)
class DockerDaemonProbeTest {
    private static final long GIB = 1L << 30;

    @TempDir Path tmp;

    @Test
    void dockerClaimsPauseWhileTheDaemonDoesNotAnswerAndResumeWhenItDoes() throws Exception {
        try (DaemonSocketProxy proxy = new DaemonSocketProxy(tmp.resolve("d.sock"))) {
            DockerEngine docker = new DockerEngine(proxy.host());
            EngineAvailability engines = new EngineAvailability(List.of(docker, new NoopEngine()));
            NodeLedger ledger =
                    new NodeLedger(new Resources(4000, 8 * GIB, 10 * GIB, 0), List.of());
            ClaimActivitiesImpl claims =
                    new ClaimActivitiesImpl(
                            NodePolicy.builder("n1").engines("docker", "noop").build(),
                            ledger,
                            "caravel-node-n1",
                            engines,
                            Duration.ZERO);
            assertThat(claims.claim(docker("e-1")).reservationId()).isEqualTo("e-1");

            proxy.cut();

            ApplicationFailure refused = eventually(() -> refusal(claims, ledger, docker("e-2")));
            assertThat(refused.getType()).isEqualTo(ErrorCode.NODE_BUSY.name());
            assertThat(refused.isNonRetryable()).isFalse();
            assertThat(refused.getOriginalMessage())
                    .isEqualTo(
                            "node n1 cannot take execution e-2 now: docker daemon"
                                    + " at "
                                    + proxy.host()
                                    + " is not answering: SocketException: No such file or directory;"
                                    + " placement resumes when it answers");
            assertThat(ledger.reservation("e-2")).isEmpty();
            assertThat(engines.problems()).containsOnlyKeys("docker");
            assertThat(
                            claims.claim(new ClaimRequest(TestJobs.noopJob(), "e-3", 0, ""))
                                    .reservationId())
                    .as("other engines are unaffected")
                    .isEqualTo("e-3");

            proxy.restore();

            assertThat(eventually(() -> claimed(claims, docker("e-2")))).isEqualTo("e-2");
            assertThat(engines.problems()).isEmpty();
        }
    }

    @Test
    void aSocketWithNothingListeningIsADaemonThatDoesNotAnswer() {
        Path nothing = tmp.resolve("nothing.sock");
        DockerEngine docker = new DockerEngine("unix://" + nothing);

        long start = System.nanoTime();
        Optional<String> problem = docker.unavailability();

        assertThat(problem)
                .contains(
                        "docker daemon at unix://"
                                + nothing
                                + " is not answering: SocketException: No"
                                + " such file or directory; placement resumes when it answers");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
    }

    @Test
    void aDaemonThatAcceptsButNeverAnswersDoesNotHoldTheClaim() throws Exception {
        Path socket = tmp.resolve("mute.sock");
        List<SocketChannel> accepted = new ArrayList<>();
        try (ServerSocketChannel mute = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            mute.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor =
                    new Thread(
                            () -> {
                                try {
                                    while (true) {
                                        accepted.add(mute.accept()); // and never answers
                                    }
                                } catch (Exception e) {
                                    // closed at the end of the test
                                }
                            });
            acceptor.setDaemon(true);
            acceptor.start();
            DockerEngine docker = new DockerEngine("unix://" + socket);

            long start = System.nanoTime();
            Optional<String> problem = docker.unavailability();

            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .isLessThan(DaemonProbe.TIMEOUT.toMillis() + 2_000);
            assertThat(problem)
                    .hasValueSatisfying(
                            p ->
                                    assertThat(p)
                                            .startsWith(
                                                    "docker daemon at unix://"
                                                            + socket
                                                            + " is not answering: ")
                                            .endsWith("; placement resumes when it answers"));
        } finally {
            for (SocketChannel c : accepted) {
                c.close();
            }
        }
    }

    private static ClaimRequest docker(String executionId) {
        Job job =
                TestJobs.job(
                        TestJobs.noopTask(Map.of())
                                .engine(SpecConfig.of("docker", Map.of("Image", DockerRun.IMAGE)))
                                .build());
        return new ClaimRequest(job, executionId, 0, "");
    }

    /** The claim's refusal; empty (and the reservation undone) while the node still takes it. */
    private static Optional<ApplicationFailure> refusal(
            ClaimActivitiesImpl claims, NodeLedger ledger, ClaimRequest request) {
        try {
            claims.claim(request);
            ledger.release(request.executionId()); // the daemon's last answer is still fresh
            return Optional.empty();
        } catch (ApplicationFailure f) {
            return Optional.of(f);
        }
    }

    private static Optional<String> claimed(ClaimActivitiesImpl claims, ClaimRequest request) {
        try {
            return Optional.of(claims.claim(request).reservationId());
        } catch (ApplicationFailure f) {
            assertThat(f)
                    .asInstanceOf(InstanceOfAssertFactories.type(ApplicationFailure.class))
                    .extracting(ApplicationFailure::getType)
                    .isEqualTo(ErrorCode.NODE_BUSY.name());
            return Optional.empty();
        }
    }

    /** The first value {@code probe} gives within the probe's cache time and a margin. */
    private static <T> T eventually(Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline =
                System.nanoTime() + DaemonProbe.MAX_AGE.toNanos() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no change within " + DaemonProbe.MAX_AGE + " and 10 s");
    }
}
