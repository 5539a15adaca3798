package io.caravel.workers.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.providers.noop.NoopEngine;
import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.JobStateType;
import io.caravel.api.model.RunOutput;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.model.JobResult;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four executions that each need one whole CPU, on one node with two: they run two at a time, never
 * more, and all complete.
 */
class ResourceAccountingTest {
    @TempDir Path storage;

    /** The noop engine, counting how many runs overlap. */
    static final class CountingEngine implements Engine {
        private final Engine delegate = new NoopEngine();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public String type() {
            return delegate.type();
        }

        @Override
        public RunOutput run(ExecutionContext execution) throws InterruptedException {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                return delegate.run(execution);
            } finally {
                running.decrementAndGet();
                runs.incrementAndGet();
            }
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void fourOneCpuExecutionsOnATwoCpuNodeRunTwoAtATime() throws Exception {
        CountingEngine engine = new CountingEngine();
        try (TestCluster cluster = new TestCluster()) {
            TestNode node =
                    new TestNode(
                            cluster.newClient(),
                            "node-2cpu",
                            new Resources(2_000, 8L << 30, 10L << 30, 0),
                            engine,
                            storage);
            node.start();

            JobResult result =
                    cluster.submit(
                                    """
                    Name: four-by-one-cpu
                    Type: batch
                    Count: 4
                    Tasks:
                      - Name: main
                        Engine:
                          Type: noop
                          Params:
                            Sleep: 2
                        Resources:
                          CPU: "1"
                          Memory: 100Mb
                    """)
                            .getResult(80, TimeUnit.SECONDS, JobResult.class);

            assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
            assertThat(result.executions())
                    .hasSize(4)
                    .allSatisfy(e -> assertThat(e.state()).isEqualTo(ExecutionStateType.COMPLETED));
            assertThat(engine.runs.get()).isEqualTo(4);
            assertThat(engine.maxRunning.get()).isEqualTo(2);
            assertThat(node.ledger.available()).isEqualTo(node.ledger.capacity());
            node.kill();
        }
    }
}
