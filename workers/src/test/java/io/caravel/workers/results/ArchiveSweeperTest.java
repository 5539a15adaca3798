package io.caravel.workers.results;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.node.ExecutionDirs;
import io.caravel.activities.providers.local.ResultsServerSettings;
import io.caravel.workers.config.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveSweeperTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir Path dir;

    private Path file(String name, Duration age) throws IOException {
        Path p = Files.writeString(dir.resolve(name), name);
        Files.setLastModifiedTime(p, FileTime.from(NOW.minus(age)));
        return p;
    }

    @Test
    void deletesOnlyArchivesOlderThanTheRetention() throws IOException {
        Path old = file("e-old.tar.gz", Duration.ofHours(25));
        Path fresh = file("e-fresh.tar.gz", Duration.ofHours(23));
        Path other = file("notes.txt", Duration.ofDays(30));
        Path oldDir = Files.createDirectory(dir.resolve("e-dir.tar.gz"));
        Files.setLastModifiedTime(oldDir, FileTime.from(NOW.minus(Duration.ofDays(3))));
        Path target = file("elsewhere", Duration.ofDays(3));
        Path link = Files.createSymbolicLink(dir.resolve("e-link.tar.gz"), target);

        int deleted = new ArchiveSweeper(dir, Duration.ofHours(24), CLOCK).sweep();

        assertThat(deleted).isEqualTo(1);
        assertThat(old).doesNotExist();
        assertThat(fresh).exists();
        assertThat(other).exists();
        assertThat(oldDir).exists();
        assertThat(link).isSymbolicLink();
        assertThat(target).exists();
    }

    @Test
    void aZeroRetentionKeepsEverythingAndAMissingDirectoryIsFine() throws IOException {
        Path old = file("e-old.tar.gz", Duration.ofDays(365));

        assertThat(new ArchiveSweeper(dir, Duration.ZERO, CLOCK).sweep()).isZero();
        assertThat(old).exists();
        assertThat(new ArchiveSweeper(dir.resolve("missing"), Duration.ofHours(1), CLOCK).sweep())
                .isZero();
    }

    @Test
    void sweepsEveryQuarterOfTheRetentionWithinBounds() {
        assertThat(new ArchiveSweeper(dir, Duration.ofHours(24), CLOCK).period())
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(new ArchiveSweeper(dir, Duration.ofMinutes(20), CLOCK).period())
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(new ArchiveSweeper(dir, Duration.ofMillis(100), CLOCK).period())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRunningResultsServerSweepsWithItsRetention() throws Exception {
        Path published = Files.createDirectories(dir.resolve("published"));
        Path old = Files.writeString(published.resolve("e-old.tar.gz"), "old");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Path kept = Files.writeString(published.resolve("e-kept.tar.gz"), "kept");
        Files.setLastModifiedTime(kept, FileTime.from(Instant.now().plus(Duration.ofHours(1))));
        ResultsServerSettings settings =
                WorkerConfig.builder()
                        .nodeId("n1")
                        .resultsPort(0)
                        .resultsRetention(Duration.ofSeconds(1))
                        .build()
                        .results();

        try (ResultsServer server =
                ResultsServer.bind(settings, published, new ExecutionDirs(dir))) {
            server.start();
            long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Files.exists(old) && System.nanoTime() < giveUp) {
                Thread.sleep(50);
            }
        }

        assertThat(old).doesNotExist();
        assertThat(kept).exists();
    }
}
