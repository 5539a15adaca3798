package io.caravel.workers.results;

import io.caravel.activities.providers.local.LocalPublisher;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the {@link LocalPublisher}'s archives ({@code <storage>/published/*.tar.gz}) once they
 * are older than the retention ({@code resultsRetention}), so a node's disk does not fill with
 * results nobody fetches. Age is the file's modification time, set when the archive was written.
 * Only regular files with the archive suffix directly in the directory are touched; links and
 * anything else are left alone. It sweeps every quarter of the retention (at least every second, at
 * most every 10 minutes); a zero retention turns it off.
 */
public final class ArchiveSweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveSweeper.class);
    private static final Duration MIN_PERIOD = Duration.ofSeconds(1);
    private static final Duration MAX_PERIOD = Duration.ofMinutes(10);

    private final Path publishDir;
    private final Duration retention;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public ArchiveSweeper(Path publishDir, Duration retention, Clock clock) {
        this.publishDir = publishDir;
        this.retention = retention;
        this.clock = clock;
    }

    /** Starts sweeping periodically (nothing with a zero retention). */
    public synchronized void start() {
        if (retention.isZero() || scheduler != null) {
            return;
        }
        scheduler =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "caravel-results-sweeper");
                            t.setDaemon(true);
                            return t;
                        });
        long period = period().toMillis();
        scheduler.scheduleWithFixedDelay(this::sweepQuietly, 0, period, TimeUnit.MILLISECONDS);
    }

    /** How often it sweeps: a quarter of the retention, within [1 s, 10 min]. */
    Duration period() {
        Duration quarter = retention.dividedBy(4);
        return quarter.compareTo(MIN_PERIOD) < 0
                ? MIN_PERIOD
                : quarter.compareTo(MAX_PERIOD) > 0 ? MAX_PERIOD : quarter;
    }

    /**
     * Deletes the archives older than the retention now.
     *
     * @return how many were deleted
     */
    public int sweep() throws IOException {
        if (retention.isZero() || !Files.isDirectory(publishDir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        Instant cutoff = clock.instant().minus(retention);
        int deleted = 0;
        try (DirectoryStream<Path> entries =
                Files.newDirectoryStream(publishDir, "*" + LocalPublisher.ARCHIVE_SUFFIX)) {
            for (Path entry : entries) {
                BasicFileAttributes attrs;
                try {
                    attrs =
                            Files.readAttributes(
                                    entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue;
                }
                if (attrs.isRegularFile()
                        && attrs.lastModifiedTime().toInstant().isBefore(cutoff)
                        && Files.deleteIfExists(entry)) {
                    deleted++;
                }
            }
        }
        if (deleted > 0) {
            LOG.info(
                    "Deleted {} published archive(s) older than {} from {}",
                    deleted,
                    retention,
                    publishDir);
        }
        return deleted;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (IOException | RuntimeException e) {
            // The next sweep tries again; a failing sweep must not stop the schedule.
            LOG.warn("Sweeping published archives in {} failed", publishDir, e);
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
