package io.caravel.cli.results;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.node.ExecutionDirs;
import io.caravel.activities.providers.local.LocalPublisher;
import io.caravel.activities.providers.local.ResultsServerSettings;
import io.caravel.activities.providers.noop.NoopEngine;
import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.JobStateType;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.quantity.Resources;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.it.TestCluster;
import io.caravel.workers.it.TestNode;
import io.caravel.workers.results.ResultsServer;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobResult;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local publisher on a real worker: the noop engine writes the results layout, the local
 * publisher archives it and the node's results server serves it, and the downloader used by {@code
 * job get} unpacks byte for byte what the task wrote, after the node has deleted the execution's
 * own directory.
 */
class LocalResultsTest {
    @TempDir Path storage;
    @TempDir Path client;

    /**
     * The noop engine, keeping a copy of every results tree it wrote (the node deletes its own on
     * release).
     */
    static final class WitnessEngine implements Engine {
        final NoopEngine noop = new NoopEngine();
        final Map<String, TreeMap<String, byte[]>> written = new ConcurrentHashMap<>();

        @Override
        public String type() {
            return noop.type();
        }

        @Override
        public RunOutput run(ExecutionContext execution) throws InterruptedException {
            RunOutput output = noop.run(execution);
            written.put(execution.executionId(), files(execution.resultsDir()));
            return output;
        }
    }

    static TreeMap<String, byte[]> files(Path root) {
        TreeMap<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private JobResult runJob(int count) throws Exception {
        WitnessEngine engine = new WitnessEngine();
        Path nodeStorage = storage.resolve("node-1");
        ResultsServerSettings settings =
                WorkerConfig.builder().nodeId("node-1").resultsPort(0).build().results();
        try (TestCluster cluster = new TestCluster();
                ResultsServer server =
                        ResultsServer.bind(
                                settings,
                                nodeStorage.resolve("published"),
                                new ExecutionDirs(nodeStorage))) {
            server.start();
            TestNode node =
                    new TestNode(
                            cluster.newClient(),
                            "node-1",
                            new Resources(8_000, 16L << 30, 10L << 30, 0),
                            engine,
                            storage,
                            List.of(),
                            List.of(
                                    new LocalPublisher(
                                            nodeStorage.resolve("published"),
                                            server.advertisedUrl())));
            node.start();
            try {
                WorkflowStub job =
                        cluster.submit(
                                "Name: hello\nType: batch\nCount: "
                                        + count
                                        + "\nTasks:\n"
                                        + "  - Name: main\n    Engine:\n      Type: noop\n      Params:\n        Stdout: hi\n"
                                        + "    Publisher:\n      Type: local\n    ResultPaths:\n      - Name: outputs\n"
                                        + "        Path: /outputs\n");
                JobResult result = job.getResult(60, TimeUnit.SECONDS, JobResult.class);
                assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
                List<ExecutionRecord> completed =
                        result.executions().stream()
                                .filter(e -> e.state() == ExecutionStateType.COMPLETED)
                                .toList();
                assertThat(completed).hasSize(count);
                for (ExecutionRecord e : completed) {
                    assertThat(e.publishedResult())
                            .isEqualTo(
                                    SpecConfig.of(
                                            "urlDownload",
                                            Map.of(
                                                    "URL",
                                                    server.advertisedUrl()
                                                            + "/results/"
                                                            + e.id()
                                                            + ".tar.gz")));
                    assertThat(engine.written).containsKey(e.id());
                    // Released: the node's own copy is gone, only the archive remains.
                    assertThat(new ExecutionDirs(storage.resolve("node-1")).of(e.id()).root())
                            .doesNotExist();
                }
                int downloaded =
                        ResultsDownloader.standard()
                                .download(
                                        completed.stream()
                                                .map(ExecutionRecord::publishedResult)
                                                .toList(),
                                        client.resolve("job"),
                                        false);
                assertThat(downloaded).isEqualTo(count);
                written = engine.written;
                return result;
            } finally {
                node.kill();
            }
        }
    }

    private Map<String, TreeMap<String, byte[]>> written;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void jobGetUnpacksExactlyWhatTheTaskWrote() throws Exception {
        JobResult result = runJob(1);

        Path out = client.resolve("job");
        assertThat(out.resolve("stdout")).hasBinaryContent("hi".getBytes());
        assertThat(out.resolve("exitCode")).hasBinaryContent("0".getBytes());
        assertThat(out.resolve("outputs")).isEmptyDirectory();
        assertThat(out.resolve("raw")).doesNotExist();
        TreeMap<String, byte[]> onNode = written.get(result.executions().get(0).id());
        TreeMap<String, byte[]> downloaded = files(out);
        assertThat(downloaded.keySet()).containsExactlyElementsOf(onNode.keySet());
        onNode.forEach((name, bytes) -> assertThat(downloaded.get(name)).as(name).isEqualTo(bytes));
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void twoExecutionsAreMergedAsBacalhauDoes() throws Exception {
        runJob(2);

        Path out = client.resolve("job");
        assertThat(out.resolve("stdout")).hasContent("hihi");
        assertThat(out.resolve("exitCode")).hasContent("00");
        assertThat(out.resolve("stderr")).isEmptyFile();
    }
}
