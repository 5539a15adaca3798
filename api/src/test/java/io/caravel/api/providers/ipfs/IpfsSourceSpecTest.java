package io.caravel.api.providers.ipfs;

import static io.caravel.api.params.SourceSpecTesting.SOURCE;
import static io.caravel.api.params.SourceSpecTesting.atSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.Problem;
import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpfsSourceSpecTest {

    @Test
    void decodesCid() {
        assertThat(IpfsSourceSpec.decode(SpecConfig.of("ipfs", Map.of("CID", "QmHash"))).cid())
                .isEqualTo("QmHash");
        assertThat(IpfsSourceSpec.decode(SpecConfig.of("IPFS", Map.of("cid", "QmLower"))).cid())
                .isEqualTo("QmLower");
    }

    @Test
    void roundTrips() {
        IpfsSourceSpec spec = new IpfsSourceSpec("QmHash");

        assertThat(spec.toParams()).isEqualTo(Map.of("CID", "QmHash"));
        assertThat(IpfsSourceSpec.decode(SpecConfig.of("ipfs", spec.toParams()))).isEqualTo(spec);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void cidIsRequired(String cid) {
        Problems problems = atSource();

        IpfsSourceSpec.from(SpecConfig.of("ipfs", Map.of("CID", cid)), problems);

        assertThat(problems.list())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path()).isEqualTo(SOURCE + ".Params.CID");
                            assertThat(p.message())
                                    .startsWith("invalid ipfs params. cid cannot be empty");
                        });
    }

    @Test
    void wrongTypeIsOneProblem() {
        Problems problems = atSource();

        IpfsSourceSpec.from(SpecConfig.of("ipfs", Map.of("CID", true)), problems);

        assertThat(problems.list())
                .extracting(Problem::toString)
                .containsExactly(SOURCE + ".Params.CID: invalid type: 'bool' expected: 'string'");
    }

    @Test
    void decodeThrows() {
        assertThatThrownBy(() -> IpfsSourceSpec.decode(SpecConfig.of("ipfs")))
                .isInstanceOf(CaravelException.class)
                .hasMessageContaining("cid cannot be empty");
    }
}
