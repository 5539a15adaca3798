package io.caravel.cli.faults;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes; the failure says what was awaited and for
 * how long.
 */
final class Await {
    private static final Duration POLL = Duration.ofMillis(200);

    private Await() {}

    /**
     * Waits for {@code condition}; throws an {@link AssertionError} naming {@code what} (and {@code
     * state}) after {@code timeout}.
     */
    static void until(
            String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
        if (!tryUntil(timeout, condition)) {
            throw new AssertionError(
                    "not within " + timeout.toSeconds() + " s: " + what + "\n" + state.get());
        }
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, () -> "");
    }

    /** Waits for {@code condition}; false when it still does not hold after {@code timeout}. */
    static boolean tryUntil(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(POLL);
        }
    }

    /** The first non-empty value of {@code probe} within {@code timeout}, or empty. */
    static <T> Optional<T> value(Duration timeout, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> v = probe.get();
            if (v.isPresent() || System.nanoTime() > deadline) {
                return v;
            }
            sleep(POLL);
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
