package io.caravel.activities.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FreshReadsTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicInteger reads = new AtomicInteger();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void oneCallerReadsEachTime() throws Exception {
        FreshReads<Integer> fresh = new FreshReads<>(reads::incrementAndGet);

        assertThat(fresh.get()).isEqualTo(1);
        assertThat(fresh.get()).isEqualTo(2);
    }

    @Test
    void callersThatAskDuringAReadShareTheNextReadNotTheOneUnderWay() throws Exception {
        CountDownLatch firstReadStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstRead = new CountDownLatch(1);
        FreshReads<Integer> fresh =
                new FreshReads<>(
                        () -> {
                            int n = reads.incrementAndGet();
                            if (n == 1) {
                                firstReadStarted.countDown();
                                await(releaseFirstRead);
                            }
                            return n;
                        });
        Future<Integer> first = pool.submit(fresh::get);
        assertThat(firstReadStarted.await(1, TimeUnit.MINUTES)).isTrue();
        List<Future<Integer>> later = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            later.add(pool.submit(fresh::get));
        }
        while (fresh.waiting() < later.size()) {
            Thread.sleep(5);
        }
        releaseFirstRead.countDown();

        assertThat(first.get(1, TimeUnit.MINUTES)).isEqualTo(1);
        for (Future<Integer> f : later) {
            assertThat(f.get(1, TimeUnit.MINUTES)).isEqualTo(2);
        }
        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void aFailedReadFailsItsCallersAndTheNextCallReadsAgain() throws Exception {
        FreshReads<Integer> fresh =
                new FreshReads<>(
                        () -> {
                            if (reads.incrementAndGet() == 1) {
                                throw new IllegalStateException("registry down");
                            }
                            return reads.get();
                        });

        assertThatThrownBy(fresh::get)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("registry down");
        assertThat(fresh.get()).isEqualTo(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
