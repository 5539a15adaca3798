package io.caravel.workflows.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

class FailureCausesTest {
    @Test
    void theFailureTheActivityRaisedDecidesNotTheExceptionItCarried() {
        // What an activity raises for a non-retryable Caravel error: its cause arrives converted,
        // marked retryable.
        ApplicationFailure carried =
                ApplicationFailure.newFailure(
                        "invalid cid", "io.caravel.api.errors.CaravelException");
        ApplicationFailure raised =
                ApplicationFailure.newNonRetryableFailureWithCause(
                        "invalid cid\nhint: check it", "REMOTE_REFUSED", carried);
        RuntimeException activityFailure = new RuntimeException("activity failed", raised);

        assertThat(FailureCauses.raisedApplicationFailure(activityFailure)).containsSame(raised);
        assertThat(
                        FailureCauses.raisedApplicationFailure(activityFailure)
                                .orElseThrow()
                                .isNonRetryable())
                .isTrue();
        assertThat(
                        FailureCauses.raisedApplicationFailure(
                                new RuntimeException("no application failure")))
                .isEmpty();
    }
}
