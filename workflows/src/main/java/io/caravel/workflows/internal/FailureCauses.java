package io.caravel.workflows.internal;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.Optional;

/** Reads the cause chain of an activity failure. */
public final class FailureCauses {
    private FailureCauses() {}

    /** Whether the failure is (or was caused by) a cancellation. */
    public static boolean isCancellation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CanceledFailure) {
                return true;
            }
        }
        return false;
    }

    /** The first timeout in the chain. */
    public static Optional<TimeoutFailure> timeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutFailure tf) {
                return Optional.of(tf);
            }
        }
        return Optional.empty();
    }

    /**
     * The outermost application failure in the chain: what the activity itself raised (below a
     * timeout, the failure of its last attempt). The application failures below it are the Java
     * exceptions it carried as causes, converted by Temporal, which are always marked retryable, so
     * they must not decide whether the failure is.
     */
    public static Optional<ApplicationFailure> raisedApplicationFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ApplicationFailure af) {
                return Optional.of(af);
            }
        }
        return Optional.empty();
    }

    /** The failure's own words, without the SDK's decoration. */
    public static String text(Throwable t) {
        if (t instanceof TemporalFailure tf
                && tf.getOriginalMessage() != null
                && !tf.getOriginalMessage().isEmpty()) {
            return tf.getOriginalMessage();
        }
        return String.valueOf(t.getMessage());
    }
}
