package io.caravel.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.workflows.internal.ExecutionRunner;
import io.caravel.workflows.internal.JobRunner;
import io.caravel.workflows.internal.RecordedJob;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Determinism across upgrades: every history in {@code src/test/resources/histories} (the corpus of
 * {@link Scenarios}, recorded by {@link RecordHistories}, and the files recorded by earlier
 * commits) and a fresh recording of the corpus must replay on today's {@code JobWorkflowImpl}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ReplayTest {
    /**
     * Recorded by earlier commits, before the workflow recorded its canonical job: they replay
     * through the old decoding path. {@code release-activity-*} are older still: ListNodes
     * scheduled on the default queue, and every execution ending with a Release activity.
     */
    private static final List<String> EARLIER =
            List.of(
                    "batch-count-2",
                    "node-lost-replaced",
                    "stopped",
                    "release-activity-batch-count-2",
                    "release-activity-node-lost-replaced",
                    "release-activity-stopped");

    /**
     * Recorded before Execute checked the network itself for tasks without remote inputs: a
     * CheckNetwork activity before each Execute.
     */
    private static final List<String> BEFORE_EXECUTE_PREPARES =
            List.of(
                    "network-check-activity-execution-failed",
                    "network-check-activity-node-lost-placed-again",
                    "network-check-activity-stop-while-running");

    @Test
    void historiesWithTheNetworkCheckActivityAreKeptBesideTheirNewerRecordings() throws Exception {
        Map<String, Path> files = committed();
        for (String before : BEFORE_EXECUTE_PREPARES) {
            assertThat(Histories.versionMarkers(Histories.read(files.get(before))))
                    .as(before)
                    .doesNotContain(ExecutionRunner.EXECUTE_PREPARES_CHANGE);
            String now = before.substring("network-check-activity-".length());
            assertThat(Histories.versionMarkers(Histories.read(files.get(now))))
                    .as(now)
                    .contains(ExecutionRunner.EXECUTE_PREPARES_CHANGE);
        }
    }

    @Test
    void everyScenarioOfTheCorpusHasACommittedHistoryThatRecordsItsJob() throws Exception {
        Map<String, Path> files = committed();
        assertThat(files).containsKeys(Scenarios.CORPUS.keySet().toArray(String[]::new));
        for (String scenario : Scenarios.CORPUS.keySet()) {
            assertThat(Histories.versionMarkers(Histories.read(files.get(scenario))))
                    .as(scenario)
                    .contains(RecordedJob.CHANGE);
        }
    }

    /**
     * The bounded scenario records its limit, so it replays on workers set to any limit; the other
     * batch histories with a Count above 1 predate the limit and replay starting every partition.
     */
    @Test
    void theBoundedScenarioRecordsItsLimitAndEarlierBatchHistoriesDoNot() throws Exception {
        Map<String, Path> files = committed();
        assertThat(
                        Histories.versionMarkers(
                                Histories.read(files.get("batch-count-5-at-most-2-at-once"))))
                .contains(JobRunner.BOUNDED_PARTITIONS_CHANGE);
        assertThat(
                        Histories.versionMarkers(
                                Histories.read(files.get("batch-docker-local-count-2"))))
                .doesNotContain(JobRunner.BOUNDED_PARTITIONS_CHANGE);
    }

    /**
     * The chunked scenario ran its partitions in child workflows; the bounded one predates chunks.
     */
    @Test
    void theChunkedScenarioRecordsItsChunkSizeAndTheBoundedOneDoesNot() throws Exception {
        Map<String, Path> files = committed();
        assertThat(
                        Histories.versionMarkers(
                                Histories.read(files.get("batch-count-5-in-chunks-of-2"))))
                .contains(JobRunner.CHUNKED_PARTITIONS_CHANGE);
        assertThat(
                        Histories.versionMarkers(
                                Histories.read(files.get("batch-count-5-at-most-2-at-once"))))
                .doesNotContain(JobRunner.CHUNKED_PARTITIONS_CHANGE);
    }

    @Test
    void historiesRecordedByEarlierCommitsAreKeptAndDecodeTheirInput() throws Exception {
        Map<String, Path> files = committed();
        assertThat(files).containsKeys(EARLIER.toArray(String[]::new));
        assertThat(Scenarios.CORPUS).doesNotContainKeys(EARLIER.toArray(String[]::new));
        for (String earlier : EARLIER) {
            assertThat(Histories.versionMarkers(Histories.read(files.get(earlier))))
                    .as(earlier)
                    .doesNotContain(RecordedJob.CHANGE);
        }
    }

    @Test
    void everyCommittedHistoryReplays() throws Exception {
        for (Map.Entry<String, Path> file : committed().entrySet()) {
            Scenarios.replay(Histories.read(file.getValue()));
        }
    }

    @Test
    void freshlyRecordedHistoriesReplay() throws Exception {
        Map<String, WorkflowExecutionHistory> recorded = Scenarios.recordAll();
        assertThat(recorded).containsOnlyKeys(Scenarios.CORPUS.keySet());
        for (Map.Entry<String, WorkflowExecutionHistory> e : recorded.entrySet()) {
            assertThat(Histories.admissions(e.getValue())).as(e.getKey()).hasSize(1);
            Scenarios.replay(e.getValue());
        }
    }

    @Test
    void freshlyRecordedChunkHistoriesReplayAndAreCommitted() throws Exception {
        assertThat(committed()).containsKeys(Scenarios.CHILDREN.keySet().toArray(String[]::new));
        for (Map.Entry<String, WorkflowExecutionHistory> e :
                Scenarios.record(List.copyOf(Scenarios.CHILDREN.keySet())).entrySet()) {
            assertThat(e.getValue().getEvents()).as(e.getKey()).isNotEmpty();
            Scenarios.replay(e.getValue());
        }
    }

    /** The committed histories by base name. */
    private static Map<String, Path> committed() throws IOException, URISyntaxException {
        var url = ReplayTest.class.getResource("/histories");
        assertThat(url).as("test resource /histories").isNotNull();
        try (Stream<Path> list = Files.list(Path.of(url.toURI()))) {
            return list.filter(p -> p.toString().endsWith(".json"))
                    .collect(
                            Collectors.toMap(
                                    p -> p.getFileName().toString().replace(".json", ""),
                                    p -> p,
                                    (a, b) -> a,
                                    TreeMap::new));
        }
    }
}
