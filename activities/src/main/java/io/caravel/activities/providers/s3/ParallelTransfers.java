package io.caravel.activities.providers.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs transfers on a pool of its own, at most {@code parallelism} at once; the first failure
 * cancels the rest and is rethrown as it was (an {@link IOException} wrapped unchecked).
 */
public final class ParallelTransfers {
    private ParallelTransfers() {}

    /**
     * Thrown by a transfer that noticed the execution was stopped; {@link #run} turns it into an
     * interrupt.
     */
    public static final class Stopped extends RuntimeException {
        public Stopped() {
            super("stopped", null, false, false);
        }
    }

    /**
     * @param done told how many transfers have finished, in order, after each one
     * @throws InterruptedException when interrupted, or when a transfer threw {@link Stopped}
     */
    public static void run(
            List<Callable<Void>> transfers, int parallelism, String threadName, IntConsumer done)
            throws InterruptedException {
        if (transfers.isEmpty()) {
            return;
        }
        AtomicInteger number = new AtomicInteger();
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        Math.min(parallelism, transfers.size()),
                        r -> {
                            Thread t = new Thread(r, threadName + "-" + number.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> t : transfers) {
                futures.add(pool.submit(t));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    futures.get(i).get();
                } catch (ExecutionException e) {
                    futures.forEach(f -> f.cancel(true));
                    throw rethrow(e.getCause());
                }
                done.accept(i + 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static RuntimeException rethrow(Throwable cause) throws InterruptedException {
        if (cause instanceof Stopped) {
            throw new InterruptedException("the S3 transfer was stopped");
        }
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof IOException io) {
            return new UncheckedIOException(io);
        }
        return new IllegalStateException(cause);
    }
}
