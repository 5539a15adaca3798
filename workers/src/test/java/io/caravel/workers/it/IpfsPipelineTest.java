package io.caravel.workers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.cache.InputCache;
import io.caravel.activities.node.ResultsLayout;
import io.caravel.activities.providers.ipfs.IpfsPublisher;
import io.caravel.activities.providers.ipfs.IpfsSource;
import io.caravel.activities.providers.ipfs.KuboClient;
import io.caravel.activities.providers.noop.NoopPublisher;
import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.JobStateType;
import io.caravel.api.model.RunOutput;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import io.caravel.workflows.compose.ResultInputs;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.JobResult;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory published to IPFS by one job is the input of the next job by its CID, through {@code
 * JobWorkflow} on the Temporal test server and the real, offline Kubo node of {@code
 * scripts/ipfs-dev.sh} (a node that is not there fails the test).
 */
class IpfsPipelineTest {
    static final String API =
            System.getenv().getOrDefault("CARAVEL_TEST_IPFS_API", KuboClient.DEFAULT_API);

    @TempDir Path storage;

    /**
     * Without inputs, writes a tree into the result path {@code outputs}; with an input, reports
     * the staged input's files (as the producer wrote them) and prints its {@code data.txt}.
     */
    static final class PipelineEngine implements Engine {
        final String tag = UUID.randomUUID().toString();
        final Map<String, TreeMap<String, String>> produced = new ConcurrentHashMap<>();
        final Map<String, TreeMap<String, String>> consumed = new ConcurrentHashMap<>();
        final Map<String, StagedInput> inputs = new ConcurrentHashMap<>();

        @Override
        public String type() {
            return SpecTypes.ENGINE_NOOP;
        }

        @Override
        public RunOutput run(ExecutionContext execution) {
            try {
                String stdout;
                if (execution.inputs().inputs().isEmpty()) {
                    Path outputs = execution.resultsDir().resolve("outputs");
                    Files.createDirectories(outputs.resolve("nested"));
                    Files.writeString(outputs.resolve("data.txt"), "produced " + tag + "\n");
                    Files.writeString(outputs.resolve("nested/more.csv"), "a,b\n1,2\n");
                    produced.put(execution.executionId(), files(outputs));
                    stdout = "produced\n";
                } else {
                    StagedInput input = execution.inputs().inputs().get(0);
                    inputs.put(execution.executionId(), input);
                    Path staged = Path.of(input.hostPath());
                    consumed.put(execution.executionId(), files(staged.resolve("outputs")));
                    stdout = Files.readString(staged.resolve("outputs/data.txt"));
                }
                return new ResultsLayout()
                        .write(
                                execution.resultsDir(),
                                new ByteArrayInputStream(stdout.getBytes(StandardCharsets.UTF_8)),
                                new ByteArrayInputStream(new byte[0]),
                                0)
                        .runOutput();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aDirectoryPublishedByOneJobIsTheNextJobsInputByItsCid() throws Exception {
        KuboClient kubo = kubo();
        PipelineEngine engine = new PipelineEngine();
        InputCache cache = InputCache.open(storage.resolve("node-ipfs/input-cache"), 1L << 30);
        try (TestCluster cluster = new TestCluster()) {
            TestNode node =
                    new TestNode(
                            cluster.newClient(),
                            "node-ipfs",
                            new Resources(2_000, 4L << 30, 10L << 30, 0),
                            engine,
                            storage,
                            List.of(new IpfsSource(kubo, cache, 1L << 30)),
                            List.of(new IpfsPublisher(kubo), new NoopPublisher()));
            node.start();
            try {
                JobResult first =
                        cluster.submit(
                                        """
                        Name: produce
                        Type: batch
                        Count: 1
                        Tasks:
                          - Name: main
                            Engine:
                              Type: noop
                            Publisher:
                              Type: ipfs
                            ResultPaths:
                              - Name: outputs
                                Path: /outputs
                        """)
                                .getResult(100, TimeUnit.SECONDS, JobResult.class);
                assertThat(first.state()).isEqualTo(JobStateType.COMPLETED);
                ExecutionRecord producer =
                        first.executions().stream()
                                .filter(e -> e.state() == ExecutionStateType.COMPLETED)
                                .findFirst()
                                .orElseThrow();
                assertThat(producer.publishedResult().type()).isEqualTo("ipfs");
                String cid = (String) producer.publishedResult().params().get("CID");
                assertThat(cid).startsWith("bafy");

                InputSource next = ResultInputs.fromResult(first, "/inputs/previous").get(0);
                assertThat(next.source().type()).isEqualTo("ipfs");
                assertThat(next.source().params()).isEqualTo(Map.of("CID", cid));

                JobResult second =
                        cluster.submit(
                                        """
                        Name: consume
                        Type: batch
                        Count: 1
                        Tasks:
                          - Name: main
                            Engine:
                              Type: noop
                            InputSources:
                              - Target: /inputs/previous
                                Source:
                                  Type: ipfs
                                  Params:
                                    CID: %s
                        """
                                                .formatted(cid))
                                .getResult(100, TimeUnit.SECONDS, JobResult.class);

                assertThat(second.state()).isEqualTo(JobStateType.COMPLETED);
                ExecutionRecord consumer =
                        second.executions().stream()
                                .filter(e -> e.state() == ExecutionStateType.COMPLETED)
                                .findFirst()
                                .orElseThrow();
                assertThat(consumer.runOutput().stdout())
                        .isEqualTo("produced " + engine.tag + "\n");
                assertThat(engine.consumed.get(consumer.id()))
                        .isEqualTo(engine.produced.get(producer.id()));
                StagedInput input = engine.inputs.get(consumer.id());
                assertThat(input.target()).isEqualTo("/inputs/previous");
                assertThat(input.readOnly()).isTrue();
                assertThat(cache.entryCount()).isEqualTo(1);
            } finally {
                node.kill();
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anInvalidCidFailsTheJobAtOnceWithKubosMessage() throws Exception {
        KuboClient kubo = kubo();
        try (TestCluster cluster = new TestCluster()) {
            TestNode node =
                    new TestNode(
                            cluster.newClient(),
                            "node-ipfs",
                            new Resources(2_000, 4L << 30, 10L << 30, 0),
                            new PipelineEngine(),
                            storage,
                            List.of(new IpfsSource(kubo, InputCache.disabled(), 1L << 30)),
                            List.of(new NoopPublisher()));
            node.start();
            try {
                WorkflowStub job =
                        cluster.submit(
                                """
                        Name: bad-cid
                        Type: batch
                        Count: 1
                        Tasks:
                          - Name: main
                            Engine:
                              Type: noop
                            InputSources:
                              - Target: /inputs
                                Source:
                                  Type: ipfs
                                  Params:
                                    CID: not-a-cid
                        """);

                assertThatThrownBy(() -> job.getResult(100, TimeUnit.SECONDS, JobResult.class))
                        .isInstanceOf(WorkflowFailedException.class);
                JobDescription result = cluster.describe(job);
                assertThat(result.state()).isEqualTo(JobStateType.FAILED);
                // Not retryable: one execution, not one per placement attempt.
                assertThat(result.executions())
                        .singleElement()
                        .satisfies(
                                e -> {
                                    assertThat(e.state()).isEqualTo(ExecutionStateType.FAILED);
                                    assertThat(e.message())
                                            .contains("invalid path \"/ipfs/not-a-cid\"");
                                });
            } finally {
                node.kill();
            }
        }
    }

    private static KuboClient kubo() {
        KuboClient kubo = new KuboClient(URI.create(API), Duration.ofSeconds(30));
        try {
            kubo.version();
        } catch (Exception e) {
            throw new AssertionError(
                    "no Kubo RPC API at " + API + "; start one with scripts/ipfs-dev.sh", e);
        }
        return kubo;
    }

    static TreeMap<String, String> files(Path root) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readString(p));
            }
        }
        return out;
    }
}
