package io.caravel.activities.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class InputCacheTest {
    @TempDir Path tmp;

    private final AtomicInteger fetches = new AtomicInteger();

    @Test
    void aSecondStagingOfAKeyDoesNotFetchAgain() throws Exception {
        InputCache cache = InputCache.open(tmp.resolve("cache"), 1_000);

        InputCache.Staged first = cache.stage("k", fetcher("data.txt", 100), tmp.resolve("job1"));
        InputCache.Staged second = cache.stage("k", fetcher("data.txt", 100), tmp.resolve("job2"));

        assertThat(fetches).hasValue(1);
        assertThat(first).isEqualTo(new InputCache.Staged(100, false));
        assertThat(second).isEqualTo(new InputCache.Staged(100, true));
        assertThat(tmp.resolve("job2/data.txt"))
                .hasSameBinaryContentAs(tmp.resolve("job1/data.txt"));
    }

    @Test
    void entriesSurviveARestart() throws Exception {
        InputCache.open(tmp.resolve("cache"), 1_000)
                .stage("k", fetcher("f", 10), tmp.resolve("job1"));

        InputCache reopened = InputCache.open(tmp.resolve("cache"), 1_000);

        assertThat(reopened.stage("k", fetcher("f", 10), tmp.resolve("job2")).hit()).isTrue();
        assertThat(fetches).hasValue(1);
        assertThat(reopened.sizeBytes()).isEqualTo(10);
    }

    @Test
    @Timeout(30)
    void concurrentStagingsOfOneKeyFetchOnce() throws Exception {
        InputCache cache = InputCache.open(tmp.resolve("cache"), 1_000);
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InputCache.Fetcher slow =
                dir -> {
                    fetching.countDown();
                    release.await();
                    fetcher("f", 50).fetchInto(dir);
                };
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<InputCache.Staged> a =
                    pool.submit(() -> cache.stage("k", slow, tmp.resolve("a")));
            fetching.await();
            Future<InputCache.Staged> b =
                    pool.submit(() -> cache.stage("k", slow, tmp.resolve("b")));
            Future<InputCache.Staged> c =
                    pool.submit(() -> cache.stage("k", slow, tmp.resolve("c")));
            while (cache.waitingFor("k") < 2) {
                Thread.sleep(5);
            }
            release.countDown();

            assertThat(a.get().hit()).isFalse();
            assertThat(b.get().hit()).isTrue();
            assertThat(c.get().hit()).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(fetches).hasValue(1);
        for (String job : new String[] {"a", "b", "c"}) {
            assertThat(tmp.resolve(job).resolve("f")).hasSize(50);
        }
    }

    @Test
    @Timeout(30)
    void aFailedFetchFailsItsWaitersAndTheNextStagingFetchesAgain() throws Exception {
        InputCache cache = InputCache.open(tmp.resolve("cache"), 1_000);
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InputCache.Fetcher failing =
                dir -> {
                    fetching.countDown();
                    release.await();
                    Files.writeString(dir.resolve("partial"), "half");
                    throw new IOException("server went away");
                };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<InputCache.Staged> a =
                    pool.submit(() -> cache.stage("k", failing, tmp.resolve("a")));
            fetching.await();
            Future<InputCache.Staged> b =
                    pool.submit(() -> cache.stage("k", failing, tmp.resolve("b")));
            while (cache.waitingFor("k") < 1) {
                Thread.sleep(5);
            }
            release.countDown();
            for (Future<InputCache.Staged> f : java.util.List.of(a, b)) {
                assertThatThrownBy(f::get).hasRootCauseMessage("server went away");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.entryCount()).isZero();
        assertThat(cache.stage("k", fetcher("f", 5), tmp.resolve("c")).hit()).isFalse();
        assertThat(tmp.resolve("cache/tmp")).isEmptyDirectory();
    }

    @Test
    void theLeastRecentlyUsedEntriesAreEvictedToStayWithinTheBound() throws Exception {
        InputCache cache = InputCache.open(tmp.resolve("cache"), 250);
        cache.stage("a", fetcher("f", 100), tmp.resolve("1"));
        cache.stage("b", fetcher("f", 100), tmp.resolve("2"));
        cache.stage("a", fetcher("f", 100), tmp.resolve("3"));

        cache.stage("c", fetcher("f", 100), tmp.resolve("4"));

        assertThat(cache.sizeBytes()).isEqualTo(200);
        assertThat(cache.entryCount()).isEqualTo(2);
        assertThat(fetches).hasValue(3);
        assertThat(cache.stage("a", fetcher("f", 100), tmp.resolve("5")).hit()).isTrue();
        assertThat(cache.stage("b", fetcher("f", 100), tmp.resolve("6")).hit()).isFalse();
        assertThat(fetches).hasValue(4);
        assertThat(cache.sizeBytes()).isLessThanOrEqualTo(250);
        assertThat(tmp.resolve("cache/entries")).isDirectoryContaining(p -> true);
        try (var entries = Files.list(tmp.resolve("cache/entries"))) {
            assertThat(entries.count()).isEqualTo(2);
        }
    }

    @Test
    void anEntryLargerThanTheBoundIsStagedWholeThenDropped() throws Exception {
        InputCache cache = InputCache.open(tmp.resolve("cache"), 100);

        InputCache.Staged staged = cache.stage("big", fetcher("f", 1_000), tmp.resolve("job"));

        assertThat(staged.sizeBytes()).isEqualTo(1_000);
        assertThat(tmp.resolve("job/f")).hasSize(1_000);
        assertThat(cache.entryCount()).isZero();
        assertThat(cache.sizeBytes()).isZero();
    }

    @Test
    void aJobWritingItsCopiedInputDoesNotChangeTheCache() throws Exception {
        InputCache cache =
                new InputCache(
                        tmp.resolve("cache"), 1_000, new Materializer(Materializer.Mode.COPY));
        cache.stage("k", fetcher("f", 10), tmp.resolve("job1"));
        Path staged = tmp.resolve("job1/f");
        staged.toFile().setWritable(true);
        Files.writeString(staged, "changed by the job");

        cache.stage("k", fetcher("f", 10), tmp.resolve("job2"));

        assertThat(tmp.resolve("job2/f")).hasContent("x".repeat(10));
    }

    @Test
    void linkedInputsAreTheCachedFilesReadOnly() throws Exception {
        InputCache cache =
                new InputCache(
                        tmp.resolve("cache"), 1_000, new Materializer(Materializer.Mode.LINK));
        cache.stage("k", fetcher("dir/f", 10), tmp.resolve("job"));
        Path staged = tmp.resolve("job/dir/f");

        try (var entries = Files.list(tmp.resolve("cache/entries"))) {
            Path entry = entries.findFirst().orElseThrow();
            assertThat(Files.isSameFile(staged, entry.resolve("dir/f"))).isTrue();
        }
        assertThat(Files.getPosixFilePermissions(staged))
                .doesNotContain(
                        PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.GROUP_WRITE,
                        PosixFilePermission.OTHERS_WRITE);
        if (!Files.isWritable(staged)) {
            assertThatThrownBy(() -> Files.writeString(staged, "no"))
                    .isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void theProbeLinksOnlyWhereReadOnlyFilesStopThisProcess() throws IOException {
        Path probeFile = Files.createTempFile(tmp, "ro", "");
        probeFile.toFile().setWritable(false, false);
        Materializer.Mode expected =
                Files.isWritable(probeFile) ? Materializer.Mode.COPY : Materializer.Mode.LINK;

        assertThat(Materializer.probe(tmp.resolve("cache")).mode()).isEqualTo(expected);
    }

    @Test
    void aDisabledCacheFetchesEveryTimeStraightIntoTheJob() throws Exception {
        InputCache cache = InputCache.open(tmp.resolve("cache"), 0);

        cache.stage("k", fetcher("f", 10), tmp.resolve("1"));
        InputCache.Staged second = cache.stage("k", fetcher("f", 10), tmp.resolve("2"));

        assertThat(second).isEqualTo(new InputCache.Staged(10, false));
        assertThat(fetches).hasValue(2);
        assertThat(tmp.resolve("cache")).doesNotExist();
    }

    /** A fetcher writing {@code size} bytes at {@code name} and counting its calls. */
    private InputCache.Fetcher fetcher(String name, int size) {
        return dir -> {
            fetches.incrementAndGet();
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "x".repeat(size));
        };
    }
}
