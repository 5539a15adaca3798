package io.caravel.activities.node;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;

/**
 * The failures node activities raise, as named constructors. Everything that leaves an activity
 * goes through here once: a {@link CaravelException} keeps its code as the failure type, anything
 * unexpected becomes the failure type of the step it broke. The type strings are those the
 * workflow's retry policies match ({@link ErrorCode} names).
 */
public final class ActivityFailures {
    /** A step of an execution, with the failure type of its unexpected errors. */
    public enum Step {
        CLAIM(ErrorCode.NODE_UNSUITABLE.name()),
        NETWORK_CHECK(ErrorCode.NETWORK_REFUSED.name()),
        STAGING(ErrorCode.STAGING_FAILED.name()),
        EXECUTION(ErrorCode.EXECUTION_FAILED.name()),
        PUBLISHING(ErrorCode.PUBLISHING_FAILED.name()),
        RELEASE(ErrorCode.EXECUTION_FAILED.name());

        private final String failureType;

        Step(String failureType) {
            this.failureType = failureType;
        }

        public String failureType() {
            return failureType;
        }
    }

    private ActivityFailures() {}

    /** The node has not enough free now; another node, or this one later, may. Retryable. */
    public static ApplicationFailure nodeBusy(String message) {
        return ApplicationFailure.newFailure(message, ErrorCode.NODE_BUSY.name());
    }

    /** The node can never run this execution; another node may. Retryable. */
    public static ApplicationFailure nodeUnsuitable(String message) {
        return ApplicationFailure.newFailure(message, ErrorCode.NODE_UNSUITABLE.name());
    }

    /** The node's policy refuses the task's network mode. Not retryable. */
    public static ApplicationFailure networkRefused(String message) {
        return ApplicationFailure.newNonRetryableFailure(message, ErrorCode.NETWORK_REFUSED.name());
    }

    /** No provider for {@code type} on this node; names the ones there are. Not retryable. */
    public static ApplicationFailure unsupportedType(
            String kind, String nodeId, String type, Collection<String> available) {
        String shown = type == null || type.isBlank() ? "\"\"" : type.trim();
        return ApplicationFailure.newNonRetryableFailure(
                kind
                        + " type "
                        + shown
                        + " is not available on node "
                        + nodeId
                        + "; available: "
                        + (available.isEmpty()
                                ? "none"
                                : String.join(", ", available.stream().sorted().toList())),
                ErrorCode.UNSUPPORTED_TYPE.name());
    }

    /**
     * The node's own execution deadline passed and the engine was stopped. Retryable, as in
     * Bacalhau.
     */
    public static ApplicationFailure executionTimeout(long seconds) {
        return ApplicationFailure.newFailure(
                "Execution timed out after " + seconds + "s", ErrorCode.EXECUTION_TIMEOUT.name());
    }

    /**
     * The worker thread was interrupted (the worker is stopping). Retryable: another node may
     * finish it.
     */
    public static ApplicationFailure interrupted(Step step, String nodeId) {
        Thread.currentThread().interrupt();
        // An interrupted run is offered to the same node again, which re-attaches to work it left
        // running.
        return ApplicationFailure.newFailure(
                step.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + " was interrupted on node "
                        + nodeId
                        + " (the worker is stopping)",
                step == Step.EXECUTION ? ErrorCode.NODE_INTERRUPTED.name() : step.failureType());
    }

    /**
     * The node let go of a running execution and left its work for re-attachment. Retried on the
     * same node's queue within the node grace period.
     */
    public static ApplicationFailure nodeInterrupted(String reason) {
        return ApplicationFailure.newFailure(
                "the node stopped following the execution: " + reason,
                ErrorCode.NODE_INTERRUPTED.name());
    }

    /**
     * A Caravel error: its code is the type, its retryable flag decides, its hint follows the
     * message.
     */
    public static ApplicationFailure of(CaravelException e) {
        String message =
                e.hint().isEmpty() ? e.getMessage() : e.getMessage() + "\nhint: " + e.hint();
        return e.retryable()
                ? ApplicationFailure.newFailureWithCause(message, e.code().name(), e)
                : ApplicationFailure.newNonRetryableFailureWithCause(message, e.code().name(), e);
    }

    /**
     * Translates whatever {@code step} threw. Temporal's own failures and activity completion
     * signals (cancellation, worker shutdown) pass unchanged; I/O trouble and unexpected errors are
     * retryable failures of the step's type, since another node (or attempt) may not meet them.
     */
    public static RuntimeException translate(Step step, String nodeId, Throwable e) {
        if (e instanceof TemporalFailure f) {
            return f;
        }
        if (e instanceof ActivityCompletionException c) {
            return c;
        }
        if (e instanceof CaravelException c) {
            return of(c);
        }
        if (e instanceof InterruptedException) {
            return interrupted(step, nodeId);
        }
        String what =
                e instanceof IOException || e instanceof UncheckedIOException
                        ? "I/O error"
                        : "unexpected error";
        return ApplicationFailure.newFailureWithCause(
                step.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + " failed on node "
                        + nodeId
                        + " with an "
                        + what
                        + ": "
                        + e,
                step.failureType(),
                e);
    }
}
