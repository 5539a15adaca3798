package io.caravel.workers.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.node.ResultsLayout;
import io.caravel.activities.providers.inline.InlineSource;
import io.caravel.activities.providers.noop.NoopPublisher;
import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.JobStateType;
import io.caravel.api.model.RunOutput;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.inline.InlineSourceSpec;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import io.caravel.workflows.model.JobResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job with an inline input on a real worker: the data is staged before the engine runs and it can
 * read it.
 */
class InlineInputTest {
    @TempDir Path storage;

    /** Echoes its first staged input as stdout, noting where it lay and whether it was there. */
    static final class EchoInputEngine implements Engine {
        final List<StagedInput> seen = new CopyOnWriteArrayList<>();
        final List<Boolean> existed = new CopyOnWriteArrayList<>();

        @Override
        public String type() {
            return SpecTypes.ENGINE_NOOP;
        }

        @Override
        public RunOutput run(ExecutionContext execution) {
            StagedInput input = execution.inputs().inputs().get(0);
            seen.add(input);
            Path file = Path.of(input.hostPath());
            existed.add(Files.isRegularFile(file) && file.startsWith(execution.executionDir()));
            try {
                return new ResultsLayout()
                        .write(
                                execution.resultsDir(),
                                new ByteArrayInputStream(Files.readAllBytes(file)),
                                new ByteArrayInputStream(new byte[0]),
                                0)
                        .runOutput();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aJobWithAnInlineInputReadsTheStagedFile() throws Exception {
        EchoInputEngine engine = new EchoInputEngine();
        String text = "hello from an inline input\n";
        try (TestCluster cluster = new TestCluster()) {
            TestNode node =
                    new TestNode(
                            cluster.newClient(),
                            "node-inline",
                            new Resources(2_000, 4L << 30, 10L << 30, 0),
                            engine,
                            storage,
                            List.of(new InlineSource()),
                            List.of(new NoopPublisher()));
            node.start();

            JobResult result =
                    cluster.submit(
                                    """
                    Name: inline-input
                    Type: batch
                    Count: 1
                    Tasks:
                      - Name: main
                        Engine:
                          Type: noop
                        InputSources:
                          - Target: /inputs/greeting.txt
                            Source:
                              Type: inline
                              Params:
                                URL: "%s"
                    """
                                            .formatted(
                                                    InlineSourceSpec.of(
                                                                    "text/plain",
                                                                    text.getBytes(
                                                                            StandardCharsets.UTF_8))
                                                            .url()))
                            .getResult(80, TimeUnit.SECONDS, JobResult.class);

            assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
            assertThat(result.executions())
                    .singleElement()
                    .satisfies(
                            e -> {
                                assertThat(e.state()).isEqualTo(ExecutionStateType.COMPLETED);
                                assertThat(e.runOutput().stdout()).isEqualTo(text);
                            });
            assertThat(engine.existed).containsExactly(true);
            assertThat(engine.seen)
                    .singleElement()
                    .satisfies(
                            input -> {
                                assertThat(input.target()).isEqualTo("/inputs/greeting.txt");
                                assertThat(input.readOnly()).isTrue();
                                assertThat(input.sizeBytes()).isEqualTo(text.length());
                            });
            node.kill();
        }
    }
}
