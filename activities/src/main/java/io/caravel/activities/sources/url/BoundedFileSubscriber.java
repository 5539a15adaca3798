package io.caravel.activities.sources.url;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a response body into a new file as it arrives, one buffer list at a time, and fails
 * once more than {@code maxBytes} have come. Records the time of the last bytes received in
 * {@code lastProgressNanos}, so the caller can enforce a read timeout and {@link #abort} a body
 * that stalls; an abort cancels the transfer and closes the file.
 */
final class BoundedFileSubscriber implements HttpResponse.BodySubscriber<Long> {
    /** Raised when the body is longer than the limit. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long maxBytes) {
            super("the body is larger than the limit of " + maxBytes + " bytes");
        }
    }

    private final Path file;
    private final long maxBytes;
    private final long declaredLength;
    private final AtomicLong lastProgressNanos;
    private final CompletableFuture<Long> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private FileChannel channel;
    private long written;

    /** @param declaredLength the body's Content-Length, -1 when unknown; over the limit, nothing is read */
    BoundedFileSubscriber(Path file, long maxBytes, long declaredLength, AtomicLong lastProgressNanos) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.declaredLength = declaredLength;
        this.lastProgressNanos = lastProgressNanos;
    }

    @Override
    public CompletionStage<Long> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declaredLength > maxBytes) {
            abort(new TooLargeException(maxBytes));
            return;
        }
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            abort(e);
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        lastProgressNanos.set(System.nanoTime());
        try {
            for (ByteBuffer b : buffers) {
                written += b.remaining();
                if (written > maxBytes) {
                    abort(new TooLargeException(maxBytes));
                    return;
                }
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
        } catch (IOException e) {
            abort(e);
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        close();
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        try {
            channel.force(false);
        } catch (IOException e) {
            abort(e);
            return;
        }
        close();
        result.complete(written);
    }

    /** Stops the transfer and fails the body with {@code cause}; harmless after completion. */
    void abort(Throwable cause) {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        close();
        result.completeExceptionally(cause);
    }

    private synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // the result says what happened
            }
        }
    }
}
