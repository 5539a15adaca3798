package io.caravel.activities.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.TestJobs;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.LabelSelectorRequirement;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.api.providers.local.LocalAllowList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodePolicyTest {
    private static final NodePolicy POLICY =
            NodePolicy.builder("n1")
                    .labels(Map.of("zone", "eu"))
                    .engines("Noop", " WASM ")
                    .sources("S3", "inline")
                    .publishers("noop", "s3")
                    .build();

    @Test
    void acceptsOnlyNoneAndDefaultUnlessTold() {
        assertThat(POLICY.networkTypes())
                .containsExactlyInAnyOrder(NetworkType.NONE, NetworkType.DEFAULT);
        assertThat(POLICY.acceptedNetworkNames()).isEqualTo("Default, None");
        assertThat(POLICY.acceptsNetwork(NetworkType.HTTP)).isFalse();
        assertThat(POLICY.effectiveNetwork(NetworkType.DEFAULT)).isEqualTo(NetworkType.NONE);
        assertThat(POLICY.effectiveNetwork(NetworkType.NONE)).isEqualTo(NetworkType.NONE);
    }

    @Test
    void hostAndFullAreOneModeAndDefaultIsKeptOnlyWhenEveryModeIsAccepted() {
        NodePolicy host = POLICY.toBuilder().networkTypes(NetworkType.FULL).build();
        assertThat(host.acceptsNetwork(NetworkType.HOST)).isTrue();
        assertThat(host.effectiveNetwork(NetworkType.DEFAULT)).isEqualTo(NetworkType.NONE);
        NodePolicy open =
                POLICY.toBuilder()
                        .networkTypes(NetworkType.HOST, NetworkType.HTTP, NetworkType.BRIDGE)
                        .build();
        assertThat(open.acceptsAllNetworking()).isTrue();
        assertThat(open.effectiveNetwork(NetworkType.DEFAULT)).isEqualTo(NetworkType.DEFAULT);
    }

    @Test
    void typesMatchTrimmedAndCaseInsensitively() {
        assertThat(POLICY.engines()).containsExactly("noop", "wasm");
        assertThat(POLICY.runsEngine(" NOOP")).isTrue();
        assertThat(POLICY.hasSource("s3")).isTrue();
        assertThat(POLICY.hasPublisher("S3")).isTrue();
        assertThat(POLICY.unsuitability(TestJobs.noopJob())).isEmpty();
    }

    @Test
    void namesEveryReasonAtOnce() {
        Task task =
                Task.builder()
                        .name("main")
                        .engine(SpecConfig.of("Docker"))
                        .inputSources(List.of(new InputSource(SpecConfig.of("ipfs"), "", "/in")))
                        .publisher(SpecConfig.of("local"))
                        .network(
                                new NetworkConfig(
                                        NetworkType.HTTP, List.of("example.com"), List.of()))
                        .build();
        Job job =
                TestJobs.job(task).toBuilder()
                        .constraints(
                                List.of(new LabelSelectorRequirement("gpu", "exists", List.of())))
                        .build();

        assertThat(POLICY.reasons(job))
                .containsExactly(
                        "constraint `gpu exists` not met by labels {zone=eu}",
                        "engine docker not enabled here (enabled: noop, wasm)",
                        "source type ipfs not available (available: inline, s3)",
                        "publisher local not available (available: noop, s3)",
                        "network mode HTTP not accepted by this node (accepted: Default, None)");
        assertThat(POLICY.unsuitability(job)).isEqualTo(String.join("; ", POLICY.reasons(job)));
    }

    @Test
    void jobWithoutTaskIsUnsuitable() {
        Job job = TestJobs.noopJob().toBuilder().tasks(List.of()).build();
        assertThat(POLICY.unsuitability(job)).isEqualTo("the job has no task");
    }

    @Test
    void localSourcesNeedAnAllowListedPath(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Path secret = Files.createDirectory(dir.resolve("secret"));
        NodePolicy off = POLICY.toBuilder().sources("local").build();
        NodePolicy on =
                off.toBuilder()
                        .localAllowList(
                                LocalAllowList.parse(List.of(data + "/**", data.toString())))
                        .build();

        assertThat(off.unsuitability(localJob(data)))
                .isEqualTo("local sources are disabled on this node (no allow-listed paths)");
        assertThat(on.unsuitability(localJob(data))).isEmpty();
        assertThat(on.unsuitability(localJob(secret)))
                .startsWith("local source refused: volume " + secret + " is not allowlisted");
        assertThat(POLICY.unsuitability(localJob(data)))
                .startsWith("source type local not available");
    }

    private static Job localJob(Path path) {
        InputSource input =
                new InputSource(
                        SpecConfig.of("local", Map.of("SourcePath", path.toString())), "", "/in");
        return TestJobs.job(TestJobs.noopTask(Map.of()).inputSources(List.of(input)).build());
    }
}
