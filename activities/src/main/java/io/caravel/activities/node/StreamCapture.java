package io.caravel.activities.node;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One output stream of an execution: the first {@code fileLimit} bytes go to a file, the first
 * {@code summaryLimit} bytes are kept for the run output, and everything is counted so that
 * truncation of either can be told. Synchronized, so a log pump and the engine may share it.
 */
final class StreamCapture extends OutputStream {
    private final OutputStream file;
    private final long fileLimit;
    private final int summaryLimit;
    private final ByteArrayOutputStream summary;
    private long total;
    private boolean closed;

    StreamCapture(Path path, long fileLimit, int summaryLimit) throws IOException {
        this.file = new BufferedOutputStream(Files.newOutputStream(path));
        this.fileLimit = fileLimit;
        this.summaryLimit = summaryLimit;
        this.summary = new ByteArrayOutputStream(Math.min(summaryLimit, 8192));
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream already closed");
        }
        if (total < fileLimit) {
            file.write(b, off, (int) Math.min(len, fileLimit - total));
        }
        if (total < summaryLimit) {
            summary.write(b, off, (int) Math.min(len, summaryLimit - total));
        }
        total += len;
    }

    @Override
    public synchronized void flush() throws IOException {
        if (!closed) {
            file.flush();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            file.close();
        }
    }

    synchronized long total() {
        return total;
    }

    synchronized boolean fileTruncated() {
        return total > fileLimit;
    }

    synchronized boolean summaryTruncated() {
        return total > summaryLimit;
    }

    /**
     * The kept bytes as text. When cut, a character split by the cut is dropped rather than turned
     * into a replacement character.
     */
    synchronized String summary() {
        byte[] bytes = summary.toByteArray();
        int end = summaryTruncated() ? Utf8.boundary(bytes, bytes.length) : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
