package io.caravel.workflows.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravel.api.model.NetworkType;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.CaravelDataConverter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** NodeInfo in Caravel's payload JSON: heartbeats from nodes older than a field still read. */
class NodeInfoJsonTest {
    private final ObjectMapper mapper = CaravelDataConverter.mapper();

    @Test
    void unavailableEnginesTravelAsPascalCaseAndRoundTrip() throws Exception {
        NodeInfo node =
                new NodeInfo(
                        "n1",
                        "caravel-node-n1",
                        new Resources(1000, 1, 1, 0),
                        new Resources(1000, 1, 1, 0),
                        Map.of(),
                        Set.of("docker"),
                        Set.of(),
                        Set.of(),
                        Set.of(NetworkType.NONE),
                        List.of(),
                        "",
                        5,
                        Map.of("docker", "docker daemon at unix:///x.sock is not answering"));

        String json = mapper.writeValueAsString(node);

        assertThat(json)
                .contains(
                        "\"UnavailableEngines\":{\"docker\":\"docker daemon at unix:///x.sock is not"
                                + " answering\"}");
        assertThat(mapper.readValue(json, NodeInfo.class)).isEqualTo(node);
    }

    @Test
    void aHeartbeatWithoutTheFieldMeansEveryEngineIsAvailable() throws Exception {
        String old =
                "{\"NodeID\":\"n1\",\"NodeQueue\":\"caravel-node-n1\",\"Engines\":[\"docker\"],"
                        + "\"LastSeenMillis\":7}";

        NodeInfo node = mapper.readValue(old, NodeInfo.class);

        assertThat(node.unavailableEngines()).isEmpty();
        assertThat(node.engines()).containsExactly("docker");
        assertThat(node.lastSeenMillis()).isEqualTo(7);
        assertThat(node.seenAt(9).unavailableEngines()).isEmpty();
    }
}
