package io.caravel.activities.providers.wasm;

import io.caravel.activities.node.DiskLimit;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * What the writable mounts of one module (its result paths) may hold together: its {@link
 * DiskLimit}. Every change of a file's length made through the module's file system passes here
 * first ({@link QuotaFileChannel}, {@link ConfinedFileSystemProvider}): growth past the limit is
 * refused with a {@link Exceeded} before a byte is written, and the engine then fails the
 * execution, whatever the module made of the error.
 *
 * <p>It counts the length of regular files (a sparse file at its full length; directories and links
 * count 0), as the docker engine does. Space is given back when a file shrinks or its last name is
 * removed; a file removed while the module still has it open keeps its bytes until it is closed, as
 * the disk does.
 */
final class DiskQuota {
    /**
     * A write the quota refused. Chicory's WASI reports every {@link IOException} of a write to the
     * module as {@code EIO} (it has no {@code ENOSPC} or {@code EDQUOT}).
     */
    static final class Exceeded extends IOException {
        Exceeded(String message) {
            super(message);
        }
    }

    private final DiskLimit limit;
    private final Map<Object, Open> open = new HashMap<>();
    private long used;
    private boolean exceeded;

    /** Open channels of one file, and whether its last name went while they were open. */
    private static final class Open {
        int channels;
        boolean unlinked;
    }

    /**
     * @param usedBytes what the mounts hold already
     */
    DiskQuota(DiskLimit limit, long usedBytes) {
        this.limit = limit;
        this.used = usedBytes;
    }

    DiskLimit limit() {
        return limit;
    }

    /** Whether the module tried to write past the limit. */
    synchronized boolean exceeded() {
        return exceeded;
    }

    synchronized long used() {
        return used;
    }

    /** Takes {@code bytes} more, or refuses all of them when that would pass the limit. */
    synchronized void grow(long bytes) throws Exceeded {
        if (bytes <= 0) {
            return;
        }
        if (limit.exceededBy(used + bytes)) {
            exceeded = true;
            throw new Exceeded(limit.message());
        }
        used += bytes;
    }

    /**
     * Gives {@code bytes} back (or, negative, takes them without a check: what a write really
     * added).
     */
    synchronized void shrink(long bytes) {
        used = Math.max(0, used - bytes);
    }

    synchronized void opened(Object fileKey) {
        open.computeIfAbsent(fileKey, k -> new Open()).channels++;
    }

    /** A channel of the file closed, the file then {@code finalSize} long. */
    synchronized void closed(Object fileKey, long finalSize) {
        Open o = open.get(fileKey);
        if (o == null) {
            return;
        }
        if (--o.channels == 0) {
            open.remove(fileKey);
            if (o.unlinked) {
                shrink(finalSize);
            }
        }
    }

    /**
     * A file's name went: its bytes come back when it was the last name and nothing holds it open.
     */
    synchronized void removed(Removal removal) {
        if (removal == null || removal.links() > 1) {
            return;
        }
        Open o = open.get(removal.fileKey());
        if (o != null) {
            o.unlinked = true;
        } else {
            shrink(removal.size());
        }
    }

    /**
     * What {@link #removed} needs of a regular file about to lose a name ({@code delete}, or a
     * rename over it): its identity, length and number of names.
     */
    record Removal(Object fileKey, long size, int links) {}
}
