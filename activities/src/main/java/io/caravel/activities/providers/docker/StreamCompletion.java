package io.caravel.activities.providers.docker;

import com.github.dockerjava.api.async.ResultCallback;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A docker-java stream callback whose end can be polled. docker-java's own timed {@code
 * awaitCompletion} closes the stream when it returns, so it cannot be called in a loop that also
 * watches for cancellation; {@link #ended(long)} can.
 */
class StreamCompletion<T> extends ResultCallback.Adapter<T> {
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Throwable error;
    private volatile boolean received;

    /**
     * Whether the stream ended (completed or failed) within {@code millis}; the stream stays open
     * otherwise.
     */
    boolean ended(long millis) throws InterruptedException {
        return ended.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Why the stream failed; null when it completed or has not ended. */
    Throwable error() {
        return error;
    }

    /**
     * Whether the stream delivered at least one item (a subclass that overrides {@link #onNext}
     * says itself).
     */
    boolean received() {
        return received;
    }

    @Override
    public void onNext(T item) {
        received = true;
    }

    @Override
    public void onError(Throwable throwable) {
        error = throwable;
        ended.countDown();
        super.onError(throwable);
    }

    @Override
    public void onComplete() {
        ended.countDown();
        super.onComplete();
    }
}
