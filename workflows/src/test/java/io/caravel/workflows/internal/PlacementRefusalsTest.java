package io.caravel.workflows.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.activities.ClaimRequest;
import io.caravel.workflows.activities.NodeRefusal;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementRefusalsTest {
    private final PlacementRefusals refusals = new PlacementRefusals();

    @Test
    void keepsTheLatestRefusalOfEachNodeInNodeOrder() {
        assertThat(refusals.known()).isEmpty();
        refusals.record(new NodeRefusal("node-b", false, "busy: needs 1 CPU (0 free)"));
        refusals.record(
                new NodeRefusal(
                        "node-a", true, "local source refused: volume /x is not allowlisted"));
        assertThat(refusals.describe())
                .isEqualTo(
                        "node-a: local source refused: volume /x is not allowlisted; "
                                + "node-b: busy: needs 1 CPU (0 free)");

        refusals.record(new NodeRefusal("node-b", true, "engine docker not enabled here"));
        assertThat(refusals.describe(List.of("node-b", "node-c")))
                .isEqualTo("node-b: engine docker not enabled here");
        assertThat(refusals.known())
                .extracting(NodeRefusal::nodeId)
                .containsExactly("node-a", "node-b");

        refusals.claimed("node-a");
        assertThat(refusals.describe()).isEqualTo("node-b: engine docker not enabled here");
    }

    @Test
    void allLastingOnlyWhenEveryGivenNodeRefusedForGood() {
        refusals.record(new NodeRefusal("a", true, "x"));
        refusals.record(new NodeRefusal("b", false, "busy"));
        assertThat(refusals.allLasting(List.of("a"))).isTrue();
        assertThat(refusals.allLasting(List.of("a", "b"))).isFalse();
        assertThat(refusals.allLasting(List.of("a", "c"))).isFalse();
        assertThat(refusals.allLasting(List.of()))
                .as("no node at all is not every node refusing")
                .isFalse();
    }

    @Test
    void afterTheReportLimitClaimsNoLongerAskForReports() {
        for (int i = 0; i < PlacementRefusals.REPORT_LIMIT - 1; i++) {
            refusals.record(new NodeRefusal("n" + (i % 3), i % 2 == 0, "r" + i));
        }
        assertThat(refusals.known()).hasSize(3);
        refusals.record(new NodeRefusal("n9", false, "busy"));
        assertThat(refusals.known()).isNull();
        // A request without known refusals asks for none: nodes answer with retryable failures.
        assertThat(new ClaimRequest(null, "e-1", 0, "", refusals.known()).reports("n9", false))
                .isFalse();
        assertThat(refusals.describe()).contains("n9: busy");
    }

    @Test
    void aRequestReportsOnlyRefusalsItDoesNotList() {
        ClaimRequest request =
                new ClaimRequest(
                        null,
                        "e-1",
                        0,
                        "",
                        List.of(
                                new NodeRefusal("a", true, "x"),
                                new NodeRefusal("b", false, "busy")));
        assertThat(request.reports("a", true)).isFalse();
        assertThat(request.reports("a", false)).as("a changed reason is news").isTrue();
        assertThat(request.reports("b", false)).isFalse();
        assertThat(request.reports("c", false)).isTrue();
        assertThat(new ClaimRequest(null, "e-1", 0, "").reports("c", true)).isFalse();
    }

    @Test
    void knownRefusalsTravelAsJsonAndAnOlderRequestHasNone() throws Exception {
        var mapper = CaravelDataConverter.mapper();
        ClaimRequest request =
                new ClaimRequest(null, "e-1", 0, "", List.of(new NodeRefusal("a", true, "x")));
        String json = mapper.writeValueAsString(request);
        assertThat(json)
                .contains(
                        "\"KnownRefusals\":[{\"NodeID\":\"a\",\"Lasting\":true,\"Reason\":\"x\"}]");
        assertThat(mapper.readValue(json, ClaimRequest.class)).isEqualTo(request);
        ClaimRequest older =
                mapper.readValue(
                        "{\"ExecutionID\": \"e-1\", \"PartitionIndex\": 0, \"TargetNodeID\": \"\"}",
                        ClaimRequest.class);
        assertThat(older.knownRefusals()).isNull();
        assertThat(older.reports("a", true)).isFalse();
    }
}
