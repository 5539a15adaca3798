package io.caravel.activities.providers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.caravel.activities.files.FileTrees;
import io.caravel.activities.node.DiskLimit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a running container to its {@link DiskLimit}. Docker cannot limit a container's disk on
 * most storage ({@code --storage-opt size} needs overlay2 on xfs with project quotas, or
 * devicemapper, btrfs, zfs), and a bind-mounted result directory has no limit at all, so the engine
 * measures what the container wrote and kills it once that is over the limit.
 *
 * <p>What counts: the length of every regular file below the execution's result directories (a
 * sparse file at its full length, as it would be published; directories and links count 0), plus
 * the container's writable layer as the daemon reports it ({@code SizeRw} of an inspect with sizes:
 * scratch files anywhere in the container's own file system). Staged inputs are mounted read-only
 * and already counted in the limit.
 *
 * <p>When: {@link #overLimit()} measures at most once per watch interval (500 ms by default, {@code
 * diskWatchInterval}), and never more often than every {@value #SLOW_FACTOR} times the last
 * measurement took, so a tree of very many files costs the node at most a fifth of a core. A
 * container can therefore write up to one interval's worth past the limit before it is killed. The
 * first measurement comes one interval after the start, and the engine measures once more when the
 * container has ended ({@link #overLimitAtEnd}, from the inspect that also tells its end), so a
 * burst between two measurements, or in a container shorter than an interval, is caught too.
 *
 * <p>A container killed at its limit is recorded in the execution's directory ({@link #record})
 * before the kill, so an attempt that re-attaches to it (after a worker restart) knows its end was
 * the limit's, not the program's nor the infrastructure's.
 */
final class DiskWatcher {
    private static final Logger log = LoggerFactory.getLogger(DiskWatcher.class);
    static final String FILE = "docker-disk-limit-exceeded";

    /** A measurement waits at least this many times as long as the last one took. */
    static final int SLOW_FACTOR = 5;

    /**
     * How long the daemon may take to size a writable layer; one that takes longer keeps its last
     * size.
     */
    static final Duration MEASURE_TIMEOUT = Duration.ofSeconds(30);

    private final DockerClient client;
    private final String containerId;
    private final Path resultDirs;
    private final DiskLimit limit;
    private final long intervalNanos;
    private long nextDue;
    private long lastMeasured;
    private long lastLayer;

    /**
     * The client measurements go through: one of their own, whose answers are awaited at most
     * {@link #MEASURE_TIMEOUT}, when {@code docker} is {@link DockerClients#lazy}'s (else {@code
     * docker} itself), so that a watch never shares connections with, or holds up, the streams the
     * engine follows.
     */
    static DockerClient client(java.util.function.Supplier<DockerClient> docker) {
        return docker instanceof DockerClients.Lazy lazy
                ? lazy.quick(MEASURE_TIMEOUT)
                : docker.get();
    }

    DiskWatcher(
            DockerClient client,
            String containerId,
            Path resultDirs,
            DiskLimit limit,
            Duration interval) {
        this.client = client;
        this.containerId = containerId;
        this.resultDirs = resultDirs;
        this.limit = limit;
        this.intervalNanos = interval.toNanos();
        // A container that ends within the first interval is measured once, at its end.
        this.nextDue = System.nanoTime() + intervalNanos;
    }

    DiskLimit limit() {
        return limit;
    }

    /** The bytes counted at the last measurement. */
    long lastMeasured() {
        return lastMeasured;
    }

    /**
     * Whether the container is over its limit, measured when a measurement is due; false otherwise.
     *
     * @throws InterruptedException when the thread is interrupted while it asks the daemon
     */
    boolean overLimit() throws InterruptedException {
        if (System.nanoTime() - nextDue < 0) {
            return false;
        }
        return overLimitNow();
    }

    /** Measures now: whether the container is over its limit. */
    private boolean overLimitNow() throws InterruptedException {
        long start = System.nanoTime();
        boolean over = overLimitWithLayer(writableLayerBytes());
        long took = System.nanoTime() - start;
        nextDue = System.nanoTime() + Math.max(intervalNanos, SLOW_FACTOR * took);
        return over;
    }

    /**
     * The ended container inspected with its sizes, through the watcher's client (an answer is
     * awaited at most {@link #MEASURE_TIMEOUT}): the engine reads the container's end from it as
     * well, so that one inspect serves both. Empty when the daemon did not answer so (the caller
     * then inspects without sizes, and {@link #overLimitAtEnd} counts the last size measured).
     *
     * @throws InterruptedException when the thread is interrupted while it asks the daemon
     */
    Optional<InspectContainerResponse> inspectWithSize() throws InterruptedException {
        try {
            return Optional.of(client.inspectContainerCmd(containerId).withSize(true).exec());
        } catch (RuntimeException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException(
                        "interrupted while measuring container " + containerId);
            }
            log.debug("disk watch: cannot inspect container {}: {}", containerId, e.toString());
            return Optional.empty();
        }
    }

    /**
     * Whether the ended container is over its limit, its writable layer as {@code sized} tells
     * (from {@link #inspectWithSize}), else as last measured.
     */
    boolean overLimitAtEnd(Optional<InspectContainerResponse> sized) {
        return overLimitWithLayer(sized.map(DiskWatcher::sizeRw).orElse(lastLayer));
    }

    private boolean overLimitWithLayer(long layerBytes) {
        lastLayer = layerBytes;
        lastMeasured = FileTrees.regularFileBytesSoFar(resultDirs) + lastLayer;
        return limit.exceededBy(lastMeasured);
    }

    /**
     * The daemon's size of the container's writable layer (0 when it tells none); when the daemon
     * does not answer (within {@link #MEASURE_TIMEOUT}) or the container is gone, the last size it
     * told: losing the daemon or the container is the wait's to report ({@link DaemonFailures}),
     * not the watcher's.
     */
    private long writableLayerBytes() throws InterruptedException {
        return inspectWithSize().map(DiskWatcher::sizeRw).orElse(lastLayer);
    }

    private static long sizeRw(InspectContainerResponse inspected) {
        return inspected.getSizeRw() == null ? 0 : inspected.getSizeRw();
    }

    /** Records that the node kills the execution's container for writing past {@code limit}. */
    static void record(Path executionDir, DiskLimit limit, long measured) {
        try {
            Files.createDirectories(executionDir);
            Files.writeString(
                    executionDir.resolve(FILE),
                    Instant.now() + " " + measured + " bytes; " + limit.message() + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn(
                    "could not record in {} that the container went past its disk limit",
                    executionDir,
                    e);
        }
    }

    /** Whether the execution's container was killed at its disk limit. */
    static boolean recorded(Path executionDir) {
        return Files.exists(executionDir.resolve(FILE));
    }

    /** Forgets an earlier record, for a new container of the execution. */
    static void clear(Path executionDir) throws IOException {
        Files.deleteIfExists(executionDir.resolve(FILE));
    }
}
