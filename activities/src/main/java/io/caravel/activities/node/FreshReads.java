package io.caravel.activities.node;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Shares one read among the threads that ask at the same time, without ever answering a thread with
 * a read that began before it asked. At most one read runs; the threads that ask while it runs
 * share the next one, which starts when it ends. So N jobs starting at once on a worker cost two
 * reads, not N, and each still sees what was there when it asked.
 *
 * @param <T> what is read
 */
final class FreshReads<T> {
    private final Supplier<T> read;

    /** The read under way; null when none runs. */
    private CompletableFuture<T> running;

    /** The read the threads that asked during {@link #running} wait for; null when none asked. */
    private CompletableFuture<T> next;

    /** The threads waiting for {@link #next}. */
    private int nextWaiters;

    FreshReads(Supplier<T> read) {
        this.read = read;
    }

    /**
     * The result of a read that began after this call, made by this thread or shared with others.
     *
     * @throws RuntimeException what the read threw
     */
    T get() throws InterruptedException {
        CompletableFuture<T> mine;
        CompletableFuture<T> before = null;
        boolean reader = false;
        synchronized (this) {
            if (running == null) {
                running = new CompletableFuture<>();
                mine = running;
                reader = true;
            } else if (next == null) {
                next = new CompletableFuture<>();
                nextWaiters = 1;
                mine = next;
                before = running;
                reader = true;
            } else {
                nextWaiters++;
                mine = next;
            }
        }
        if (reader) {
            if (before != null) {
                // Uninterruptibly: once this thread holds the next read, the threads waiting for it
                // depend on it; the read before is bounded by the client's own deadline.
                before.handle((v, e) -> null).join();
            }
            read(mine);
        }
        return await(mine);
    }

    /**
     * Reads into {@code target}, making the next read the running one before anyone hears the
     * result.
     */
    private void read(CompletableFuture<T> target) {
        T value = null;
        Throwable failure = null;
        try {
            value = read.get();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        synchronized (this) {
            running = next;
            next = null;
            nextWaiters = 0;
        }
        if (failure != null) {
            target.completeExceptionally(failure);
        } else {
            target.complete(value);
        }
    }

    /** The threads waiting for a read that has not begun. */
    synchronized int waiting() {
        return nextWaiters;
    }

    private static <T> T await(CompletableFuture<T> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (CancellationException e) {
            throw new IllegalStateException("read cancelled", e);
        }
    }
}
