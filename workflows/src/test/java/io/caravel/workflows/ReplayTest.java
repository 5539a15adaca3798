package io.caravel.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Determinism: the committed histories (recorded by {@link RecordHistories} from earlier code)
 * and freshly recorded ones must replay on today's {@code JobWorkflowImpl} without a
 * non-determinism error.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplayTest {
    private static final List<String> COMMITTED = List.of("batch-count-2", "node-lost-replaced", "stopped");
    /**
     * The same scenarios recorded by the code before ListNodes became a local activity and the
     * node's last step freed the reservation: ListNodes scheduled on the default queue, and every
     * execution ending with a Release activity.
     */
    private static final List<String> EARLIER = COMMITTED.stream().map(n -> "release-activity-" + n).toList();

    @Test
    void committedHistoriesReplay() throws Exception {
        Path folder = Path.of(resource("/histories"));
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString().replace(".json", ""))
                .containsAll(COMMITTED).containsAll(EARLIER);
        for (Path file : files) {
            WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(
                    Files.readString(file, StandardCharsets.UTF_8));
            Scenarios.replay(history);
        }
    }

    @Test
    void freshlyRecordedHistoriesReplay() throws Exception {
        Map<String, WorkflowExecutionHistory> recorded = Scenarios.recordAll();
        assertThat(recorded).containsOnlyKeys(COMMITTED);
        for (WorkflowExecutionHistory history : recorded.values()) {
            Scenarios.replay(history);
        }
    }

    private static java.net.URI resource(String name) throws URISyntaxException {
        var url = ReplayTest.class.getResource(name);
        assertThat(url).as("test resource " + name).isNotNull();
        return url.toURI();
    }
}
