package io.caravel.activities.cache;

import io.caravel.activities.files.FileTrees;
import io.caravel.api.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's cache of fetched inputs, keyed by content identity ({@code ipfs:<CID>}, a URL with its
 * strong ETag, an S3 object with its version): a second job over the same data is staged from here
 * instead of fetching it again.
 *
 * <p>An entry is a directory whose children are what a {@link Fetcher} wrote; {@link #stage} puts
 * those children into the job's own directory, either as hard links to the entry's read-only files
 * or as copies ({@link Materializer}), so a job never writes into the cache. The cache holds at
 * most {@code maxBytes} of file content: after each fetch and each staging, the least recently used
 * entries that no staging is reading are removed until it fits again (an entry larger than the
 * bound serves the job that fetched it and is removed afterwards). Concurrent stagings of one key
 * fetch it once: the others wait for that fetch. Entries survive restarts: at start the cache reads
 * {@code <dir>/entries}, ordered by last use, and clears what an interrupted fetch left in {@code
 * <dir>/tmp}.
 */
public final class InputCache {
    private static final Logger log = LoggerFactory.getLogger(InputCache.class);

    /** Writes the content of one key into {@code emptyDir}, which exists and is empty. */
    @FunctionalInterface
    public interface Fetcher {
        void fetchInto(Path emptyDir) throws IOException, InterruptedException;
    }

    /**
     * What one staging did.
     *
     * @param sizeBytes the bytes of file content staged
     * @param hit whether it came from the cache without a fetch by this staging
     */
    public record Staged(long sizeBytes, boolean hit) {}

    private static final class Entry {
        final String hash;
        final Path path;
        final long size;
        int readers;

        Entry(String hash, Path path, long size) {
            this.hash = hash;
            this.path = path;
            this.size = size;
        }
    }

    private final Path entriesDir;
    private final Path tmpDir;
    private final long maxBytes;
    private final Materializer materializer;

    /** Access-ordered: the first entry is the least recently used. Guarded by {@code this}. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    private final Map<String, CompletableFuture<Entry>> fetching = new HashMap<>();
    private final Map<String, Integer> waiting = new HashMap<>();
    private long totalBytes;

    /**
     * A cache in {@code dir} (created if missing) holding at most {@code maxBytes}; 0 turns it off,
     * every staging then fetches straight into the job's directory.
     */
    public static InputCache open(Path dir, long maxBytes) {
        return new InputCache(dir, maxBytes, maxBytes == 0 ? null : Materializer.probe(dir));
    }

    /** A cache that never keeps anything. */
    public static InputCache disabled() {
        return new InputCache(null, 0, null);
    }

    InputCache(Path dir, long maxBytes, Materializer materializer) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException(
                    "the input cache size must be 0 (off) or more, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.materializer = materializer;
        if (maxBytes == 0) {
            this.entriesDir = null;
            this.tmpDir = null;
            return;
        }
        Path root = dir.toAbsolutePath().normalize();
        this.entriesDir = root.resolve("entries");
        this.tmpDir = root.resolve("tmp");
        try {
            FileTrees.delete(tmpDir);
            Files.createDirectories(entriesDir);
            Files.createDirectories(tmpDir);
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the input cache in " + root, e);
        }
        evict();
    }

    /** Whether stagings keep what they fetch. */
    public boolean enabled() {
        return maxBytes > 0;
    }

    /** The bound on the bytes kept. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The bytes of file content kept now. */
    public synchronized long sizeBytes() {
        return totalBytes;
    }

    /** How many entries are kept now. */
    public synchronized int entryCount() {
        return entries.size();
    }

    /**
     * Puts the content of {@code key} into {@code destination} (created if missing): from the cache
     * when it holds the key, else fetched once by {@code fetcher} into a new entry, then staged.
     * Stagings of a key being fetched wait for that fetch and share its result, or its failure.
     */
    public Staged stage(String key, Fetcher fetcher, Path destination)
            throws IOException, InterruptedException {
        Objects.requireNonNull(fetcher, "fetcher");
        Files.createDirectories(destination);
        if (!enabled()) {
            fetcher.fetchInto(destination);
            return new Staged(Materializer.sizeOf(destination), false);
        }
        String hash = hash(Objects.requireNonNull(key, "key"));
        boolean hit = true;
        Entry entry;
        while (true) {
            CompletableFuture<Entry> pending;
            boolean owner = false;
            synchronized (this) {
                entry = entries.get(hash);
                if (entry != null) {
                    entry.readers++;
                    break;
                }
                pending = fetching.get(hash);
                if (pending == null) {
                    pending = new CompletableFuture<>();
                    fetching.put(hash, pending);
                    owner = true;
                } else {
                    waiting.merge(hash, 1, Integer::sum);
                }
            }
            if (owner) {
                hit = false;
                entry = fetch(hash, key, fetcher, pending);
                break;
            }
            Entry fetched = await(hash, pending);
            synchronized (this) {
                // The fetcher may have finished staging and the entry been evicted meanwhile: look
                // again.
                if (entries.get(hash) == fetched) {
                    fetched.readers++;
                    entry = fetched;
                    break;
                }
            }
        }
        try {
            touch(entry);
            materializer.copy(entry.path, destination);
            return new Staged(entry.size, hit);
        } finally {
            release(entry);
        }
    }

    /**
     * How many stagings wait for the fetch of {@code key} now (for tests of concurrent fetching).
     */
    synchronized int waitingFor(String key) {
        return waiting.getOrDefault(hash(key), 0);
    }

    private Entry fetch(String hash, String key, Fetcher fetcher, CompletableFuture<Entry> pending)
            throws IOException, InterruptedException {
        Path tmp = tmpDir.resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(tmp);
            fetcher.fetchInto(tmp);
            Materializer.makeReadOnly(tmp);
            long size = Materializer.sizeOf(tmp);
            Path path = entriesDir.resolve(hash);
            FileTrees.delete(path);
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
            Entry entry = new Entry(hash, path, size);
            synchronized (this) {
                entries.put(hash, entry);
                totalBytes += size;
                entry.readers++;
                fetching.remove(hash);
                waiting.remove(hash);
            }
            pending.complete(entry);
            log.info("input cache: fetched {} ({} bytes)", key, size);
            return entry;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            synchronized (this) {
                fetching.remove(hash);
                waiting.remove(hash);
            }
            pending.completeExceptionally(e);
            Materializer.deleteQuietly(tmp);
            throw e;
        }
    }

    private static Entry await(String hash, CompletableFuture<Entry> pending)
            throws IOException, InterruptedException {
        try {
            return pending.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new IOException(io.getMessage(), io);
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(
                    "the fetch of input " + hash + " this staging waited for failed: " + cause,
                    cause);
        }
    }

    private void release(Entry entry) {
        synchronized (this) {
            entry.readers--;
        }
        evict();
    }

    /** Removes the least recently used entries no staging reads until the cache fits its bound. */
    private void evict() {
        List<Path> doomed = new ArrayList<>();
        synchronized (this) {
            Iterator<Entry> it = entries.values().iterator();
            while (totalBytes > maxBytes && it.hasNext()) {
                Entry e = it.next();
                if (e.readers > 0) {
                    continue;
                }
                it.remove();
                totalBytes -= e.size;
                // Moved aside under the lock, so a staging can never find a half-deleted entry.
                Path aside = tmpDir.resolve("evicted-" + e.hash + "-" + UUID.randomUUID());
                try {
                    Files.move(e.path, aside, StandardCopyOption.ATOMIC_MOVE);
                    doomed.add(aside);
                } catch (IOException ex) {
                    log.warn(
                            "input cache: cannot move evicted entry {} aside: {}",
                            e.path,
                            ex.toString());
                    doomed.add(e.path);
                }
            }
        }
        doomed.forEach(Materializer::deleteQuietly);
    }

    private static void touch(Entry entry) {
        try {
            Files.setLastModifiedTime(entry.path, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // Only the order of eviction after a restart depends on it.
        }
    }

    /** Reads the entries a previous run left, least recently used first. */
    private void load() throws IOException {
        List<Path> found;
        try (Stream<Path> list = Files.list(entriesDir)) {
            found = list.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        record Found(Path path, FileTime used) {}
        List<Found> ordered = new ArrayList<>();
        for (Path p : found) {
            ordered.add(new Found(p, Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS)));
        }
        ordered.sort(Comparator.comparing(Found::used));
        for (Found f : ordered) {
            String hash = f.path().getFileName().toString();
            long size = Materializer.sizeOf(f.path());
            entries.put(hash, new Entry(hash, f.path(), size));
            totalBytes += size;
        }
    }

    static String hash(String key) {
        return Sha256.hex(key);
    }
}
