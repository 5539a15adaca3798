package io.caravel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.model.NetworkType;
import io.caravel.api.quantity.Resources;
import io.caravel.cli.output.NodeViews;
import io.caravel.cli.output.NodeViews.Column;
import io.caravel.workflows.model.NodeInfo;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code node list}'s table when a node takes no work of an engine now: the reason follows the
 * table.
 */
class NodeViewsTest {
    private static final long GIB = 1L << 30;

    @Test
    void aNodeWhoseDockerDaemonDoesNotAnswerSaysSoBelowTheTable() {
        String why =
                "docker daemon at unix:///var/run/docker.sock is not answering: SocketException: No such file"
                        + " or directory; placement resumes when it answers";
        List<NodeViews.Row> rows =
                List.of(
                        new NodeViews.Row(
                                node("gpu-1", Map.of("docker", why), 1_700_000_000_000L), true),
                        new NodeViews.Row(node("n-2", Map.of(), 1_700_000_001_000L), true),
                        new NodeViews.Row(
                                node("old", Map.of("docker", why), 1_600_000_000_000L), false));

        String out = NodeViews.list(rows, EnumSet.of(Column.LABELS, Column.CAPACITY), true);

        assertThat(Golden.normalise(out)).isEqualTo(Golden.read("node-list-paused.txt"));
    }

    @Test
    void withoutPausedEnginesTheTableIsAllThereIs() {
        String out =
                NodeViews.list(
                        List.of(new NodeViews.Row(node("n-2", Map.of(), 1_700_000_001_000L), true)),
                        EnumSet.noneOf(Column.class),
                        false);

        assertThat(Golden.normalise(out)).isEqualTo("n-2  Compute  APPROVED  CONNECTED  <time>\n");
    }

    private static NodeInfo node(String id, Map<String, String> unavailable, long lastSeen) {
        Resources capacity = new Resources(4000, 8 * GIB, 100 * GIB, 0);
        return new NodeInfo(
                id,
                "caravel-node-" + id,
                capacity,
                capacity,
                Map.of("zone", "a"),
                Set.of("docker", "wasm"),
                Set.of(),
                Set.of(),
                Set.of(NetworkType.NONE),
                List.of(),
                "",
                lastSeen,
                unavailable);
    }
}
