package io.caravel.activities.files;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An output stream that collects what is written into blocks of a fixed size and hands each full
 * block on ({@link #onBlock}) — to be compressed or uploaded on other threads — before starting a
 * new one. Subclasses decide what happens to the last, partial block when they finish.
 */
public abstract class BlockOutputStream extends OutputStream {
    private final int blockBytes;
    private byte[] block;
    private int filled;

    protected BlockOutputStream(int blockBytes) {
        this.blockBytes = blockBytes;
        this.block = new byte[blockBytes];
    }

    /** A fixed pool of daemon threads named {@code <prefix>-<n>}, for working on the blocks. */
    protected static ExecutorService blockWorkers(String prefix, int threads) {
        AtomicInteger number = new AtomicInteger();
        return Executors.newFixedThreadPool(
                Math.max(1, threads),
                r -> {
                    Thread t = new Thread(r, prefix + "-" + number.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public final void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public final void write(byte[] b, int off, int len) throws IOException {
        checkWritable();
        while (len > 0) {
            int n = Math.min(len, block.length - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == block.length) {
                handOn();
            }
        }
    }

    /** Hands the current block on, however full, and starts a new one. */
    protected final void handOn() throws IOException {
        byte[] data = block;
        int length = filled;
        block = new byte[blockBytes];
        filled = 0;
        onBlock(data, length);
    }

    /** How many bytes the current block holds. */
    protected final int buffered() {
        return filled;
    }

    /** A copy of the bytes the current block holds. */
    protected final byte[] bufferedBytes() {
        return Arrays.copyOf(block, filled);
    }

    /** Throws when no more bytes may be written; nothing by default. */
    protected void checkWritable() throws IOException {}

    /**
     * Receives a block: its first {@code length} bytes are the data; the array is the subclass's
     * now.
     */
    protected abstract void onBlock(byte[] data, int length) throws IOException;
}
