package io.caravel.workflows.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
    private final RestartBackoff backoff =
            new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

    @Test
    void thePauseDoublesWithEachCrashInARowUpToTheMaximum() {
        assertThat(backoff.pause(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.pause(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.pause(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.pause(5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.pause(1000)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aRunAsLongAsTheMaximumStartsTheCountAgain() {
        assertThat(backoff.crashesAfter(3, 9_999)).isEqualTo(4);
        assertThat(backoff.crashesAfter(3, 10_000)).isEqualTo(1);
    }
}
