package io.caravel.activities.results;

import io.caravel.activities.files.BlockOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;

/**
 * Gzip on several cores: the data is cut into blocks of {@link #BLOCK_BYTES}, each compressed on
 * its own thread into a complete gzip member, and the members are written in order. A sequence of
 * gzip members is one gzip stream (RFC 1952 2.2): {@code gunzip}, {@code tar xzf}, Go's {@code
 * gzip.Reader} and Java's {@code GZIPInputStream} read it whole. At most two blocks per thread are
 * in memory, compressed or not. Closing finishes the stream but does not close {@code out}.
 */
final class ParallelGzipOutputStream extends BlockOutputStream {
    static final int BLOCK_BYTES = 1 << 20;

    private final OutputStream out;
    private final ExecutorService pool;
    private final int maxPending;
    private final Deque<Future<byte[]>> pending = new ArrayDeque<>();
    private boolean closed;

    ParallelGzipOutputStream(OutputStream out, int threads) {
        super(BLOCK_BYTES);
        this.out = out;
        this.maxPending = 2 * Math.max(1, threads);
        this.pool = blockWorkers("gzip", threads);
    }

    @Override
    protected void onBlock(byte[] data, int length) throws IOException {
        pending.add(pool.submit(() -> compress(data, length)));
        while (pending.size() >= maxPending) {
            drainOne();
        }
    }

    private static byte[] compress(byte[] data, int length) throws IOException {
        ByteArrayOutputStream member = new ByteArrayOutputStream(length / 2 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(member, 64 * 1024)) {
            gzip.write(data, 0, length);
        }
        return member.toByteArray();
    }

    private void drainOne() throws IOException {
        try {
            out.write(pending.removeFirst().get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** Writes what is left; an empty stream still gets one (empty) member, so it is valid gzip. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (buffered() > 0 || pending.isEmpty()) {
                handOn();
            }
            while (!pending.isEmpty()) {
                drainOne();
            }
            out.flush();
        } finally {
            pool.shutdownNow();
        }
    }
}
