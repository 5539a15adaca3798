package io.caravel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.cli.embedded.EmbeddedCluster;
import io.caravel.workers.WorkerProcess;
import io.caravel.workers.assembly.BuiltinProviders;
import io.caravel.workers.assembly.NodeAssemblyModule;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workflows.OrchestrationSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code node list}'s Bacalhau filters, order and column groups (BACALHAU-SPEC section 11) on the
 * embedded default with a second worker. A cluster of its own: once the second worker stops, the
 * in-memory server still sends registry queries to its sticky queue, which no one polls.
 */
@Timeout(120)
class NodeListFiltersTest {
    @RegisterExtension
    static final EmbeddedClusterExtension embedded = new EmbeddedClusterExtension();

    @Test
    void filtersAndOrdersAsBacalhau(@TempDir Path otherStorage) throws Exception {
        WorkerConfig config =
                WorkerConfig.builder()
                        .temporalAddress(embedded.cluster().address())
                        .nodeId("aardvark")
                        .storageDir(otherStorage)
                        .labels(Map.of("region", "eu", "tier", "3"))
                        .build();
        WorkerProcess other =
                WorkerProcess.start(
                        config,
                        List.of(
                                BuiltinProviders.providers(),
                                new NodeAssemblyModule(OrchestrationSettings.DEFAULTS)));
        try {
            while (embedded.cli().run("node", "list").out().lines().count() < 3) {
                Thread.sleep(100);
            }
            assertThat(ids(embedded.cli().run("node", "list")))
                    .containsExactly("aardvark", EmbeddedCluster.NODE_ID);
            assertThat(ids(embedded.cli().run("node", "list", "--order-reversed")))
                    .containsExactly(EmbeddedCluster.NODE_ID, "aardvark");
            assertThat(
                            ids(
                                    embedded.cli()
                                            .run(
                                                    "node",
                                                    "list",
                                                    "--order-by",
                                                    "ID",
                                                    "--order-reversed",
                                                    "--limit",
                                                    "1")))
                    .containsExactly(EmbeddedCluster.NODE_ID);
            assertThat(ids(embedded.cli().run("node", "list", "--labels", "region=eu")))
                    .containsExactly("aardvark");
            assertThat(
                            ids(
                                    embedded.cli()
                                            .run(
                                                    "node",
                                                    "list",
                                                    "--labels",
                                                    "tier>2,region in (eu, us)")))
                    .containsExactly("aardvark");
            assertThat(ids(embedded.cli().run("node", "list", "--labels", "!region")))
                    .containsExactly(EmbeddedCluster.NODE_ID);
            assertThat(
                            ids(
                                    embedded.cli()
                                            .run(
                                                    "node",
                                                    "list",
                                                    "--order-by",
                                                    "available_cpu",
                                                    "--filter-approval",
                                                    "APPROVED",
                                                    "--filter-status",
                                                    "connected")))
                    .hasSize(2);
            assertThat(embedded.cli().run("node", "list", "--filter-approval", "pending").out())
                    .isEqualTo("No nodes found\n");
            assertThat(embedded.cli().run("node", "list", "--filter-status", "disconnected").out())
                    .isEqualTo("No nodes found\n");
            Cli.Result noHeader =
                    embedded.cli().run("node", "list", "--hide-header", "--labels", "region=eu");
            assertThat(noHeader.out()).startsWith("aardvark ").hasLineCount(1);
            Cli.Result json =
                    embedded.cli().run("node", "list", "--labels", "region=eu", "--output", "json");
            assertThat(json.out())
                    .contains("\"NodeID\" : \"aardvark\"")
                    .doesNotContain(EmbeddedCluster.NODE_ID);
        } finally {
            other.stop();
        }
    }

    @Test
    void unknownFilterValuesAreOneLineUsageErrors() {
        Cli.Result order = embedded.cli().run("node", "list", "--order-by", "memory");
        assertThat(order.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(order.err())
                .isEqualTo(
                        "caravel: --order-by: unknown field 'memory'\nhint: accepted: id, type, "
                                + "available_cpu, available_memory, available_disk, available_gpu, status\n");
        Cli.Result show = embedded.cli().run("node", "list", "--show", "labels,colour");
        assertThat(show.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(show.err()).startsWith("caravel: --show: unknown column group 'colour'\n");
        Cli.Result status = embedded.cli().run("node", "list", "--filter-status", "gone");
        assertThat(status.err()).startsWith("caravel: --filter-status: unknown status 'gone'\n");
        Cli.Result approval = embedded.cli().run("node", "list", "--filter-approval", "maybe");
        assertThat(approval.err())
                .startsWith("caravel: --filter-approval: unknown approval state 'maybe'\n");
        Cli.Result labels = embedded.cli().run("node", "list", "--labels", "region in (eu");
        assertThat(labels.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(labels.err()).startsWith("caravel: --labels: ");
    }

    private static List<String> ids(Cli.Result r) {
        assertThat(r.code()).as(r.toString()).isZero();
        return r.out().lines().skip(1).map(l -> l.substring(0, l.indexOf(' '))).toList();
    }
}
