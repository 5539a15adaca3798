package io.caravel.activities.providers.wasm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file of a writable mount opened for writing: every write, truncation or mapping that would make
 * the file longer asks its {@link DiskQuota} for the growth first, and what the change really added
 * or freed is settled with it afterwards.
 */
final class QuotaFileChannel extends FileChannel {
    private final FileChannel file;
    private final DiskQuota quota;
    private final Object fileKey;
    private final boolean append;

    /** A write of the channel, counted by the bytes it returns. */
    @FunctionalInterface
    private interface Write {
        long run() throws IOException;
    }

    QuotaFileChannel(FileChannel file, DiskQuota quota, Object fileKey, boolean append) {
        this.file = file;
        this.quota = quota;
        this.fileKey = fileKey;
        this.append = append;
        quota.opened(fileKey);
    }

    /** Runs {@code write}, which may extend the file to at most {@code end}, within the quota. */
    private long within(long end, Write write) throws IOException {
        long before = file.size();
        long reserved = Math.max(0, end - before);
        quota.grow(reserved);
        try {
            return write.run();
        } finally {
            quota.shrink(reserved - (file.size() - before));
        }
    }

    private long here() throws IOException {
        return append ? file.size() : file.position();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return (int) within(here() + src.remaining(), () -> file.write(src));
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += srcs[i].remaining();
        }
        return within(here() + total, () -> file.write(srcs, offset, length));
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return (int) within(position + src.remaining(), () -> file.write(src, position));
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count)
            throws IOException {
        return within(position + count, () -> file.transferFrom(src, position, count));
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        within(
                0,
                () -> {
                    file.truncate(size);
                    return 0;
                });
        return this;
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        MappedByteBuffer[] mapped = new MappedByteBuffer[1];
        within(
                mode == MapMode.READ_WRITE ? position + size : 0,
                () -> {
                    mapped[0] = file.map(mode, position, size);
                    return 0;
                });
        return mapped[0];
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return file.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return file.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return file.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        file.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public void force(boolean metaData) throws IOException {
        file.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
            throws IOException {
        return file.transferTo(position, count, target);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return file.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return file.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        long size = 0;
        try {
            size = file.size();
        } finally {
            file.close();
            quota.closed(fileKey, size);
        }
    }
}
