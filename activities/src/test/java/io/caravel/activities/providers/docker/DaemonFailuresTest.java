package io.caravel.activities.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.InternalServerErrorException;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * What a daemon that is stopping answers, as the node saw it in the fault suite's dockerd restart
 * (cli {@code DockerdRestartedTest}, which produces these for real on a private daemon): those
 * failures are the node's, retried on it, never the task's. Here the captured failures are rebuilt,
 * since the shared daemon is not stopped in this module's tests.
 */
class DaemonFailuresTest {
    @Test
    void aStartRefusedBecauseTheDaemonsRuntimeIsClosingIsANodeFailure() {
        InternalServerErrorException e =
                new InternalServerErrorException(
                        "Status 500: {\"message\":\"grpc: the client connection is closing: context canceled\"}");

        assertThat(DaemonFailures.runtimeGoingAway(e)).isTrue();
        assertThat(DaemonFailures.translate(e))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        c -> {
                            assertThat(c.code()).isEqualTo(ErrorCode.NODE_FAILURE);
                            assertThat(c.retryable()).isTrue();
                            assertThat(c.getMessage())
                                    .startsWith(
                                            "the Docker daemon is stopping or restarting: Status 500: ");
                        });
    }

    @Test
    void aServerErrorOfTheTaskStaysTheTasks() {
        InternalServerErrorException e =
                new InternalServerErrorException(
                        "Status 500: {\"message\":\"OCI runtime"
                                + " create failed: exec: \\\"nope\\\": executable file not found in $PATH\"}");

        assertThat(DaemonFailures.runtimeGoingAway(e)).isFalse();
        assertThat(DaemonFailures.translate(e)).isSameAs(e);
    }

    @Test
    void aBrokenPipeToTheDaemonsSocketIsANodeFailure() {
        RuntimeException e = new RuntimeException(new IOException("Broken pipe"));

        assertThat(DaemonFailures.translate(e))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        c -> assertThat(c.code()).isEqualTo(ErrorCode.NODE_FAILURE));
    }
}
