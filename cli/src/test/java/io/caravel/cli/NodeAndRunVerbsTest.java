package io.caravel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.providers.inline.InlineSourceSpec;
import io.caravel.cli.embedded.EmbeddedCluster;
import io.caravel.cli.embedded.LoopbackTestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code node list}, and {@code docker run}/{@code wasm run} submitting to the embedded default.
 */
@Timeout(120)
class NodeAndRunVerbsTest {
    @RegisterExtension
    static final EmbeddedClusterExtension embedded = new EmbeddedClusterExtension();

    @Test
    void nodeListShowsTheEmbeddedWorkerWithItsEnginesAndCapacity() throws InterruptedException {
        Cli.Result r = embedded.cli().run("node", "list");
        while (r.out().startsWith("No nodes found")) {
            // The worker's first heartbeat starts the registry; until then there is nothing to
            // list.
            Thread.sleep(100);
            r = embedded.cli().run("node", "list");
        }

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out())
                .startsWith("ID ")
                .containsPattern("TYPE +APPROVAL +STATUS")
                .contains("LABELS")
                .contains("CPU")
                .contains("LAST SEEN")
                .doesNotContain("ENGINES");
        String row = r.out().lines().skip(1).findFirst().orElseThrow();
        assertThat(row)
                .startsWith(EmbeddedCluster.NODE_ID + " ")
                .containsPattern("Compute +APPROVED +CONNECTED")
                .containsPattern(" / ")
                .containsPattern("[0-9.]+ [KMGT]?i?B / ");
        Cli.Result features = embedded.cli().run("node", "list", "--show", "features");
        assertThat(features.out())
                .contains("ENGINES")
                .contains("SOURCES")
                .contains("PUBLISHERS")
                .contains("noop")
                .doesNotContain("LABELS")
                .doesNotContain("CPU");

        Cli.Result all = embedded.cli().run("node", "list", "--all");
        assertThat(all.code()).isZero();
        assertThat(all.out()).contains(EmbeddedCluster.NODE_ID + " ");

        Cli.Result json = embedded.cli().run("node", "list", "--output", "json");
        assertThat(json.code()).isZero();
        assertThat(json.out())
                .startsWith("[")
                .contains("\"NodeID\" : \"" + EmbeddedCluster.NODE_ID + "\"");
        Cli.Result yaml = embedded.cli().run("--output=yaml", "node", "list");
        assertThat(yaml.out()).contains("NodeID: " + EmbeddedCluster.NODE_ID);
    }

    @Test
    void nodeListWithoutARegistrySaysNoNodes() throws IOException {
        try (LoopbackTestServer bare = LoopbackTestServer.start(0)) {
            Cli.Result r = Cli.at(bare.address()).run("node", "list");

            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).isEqualTo("No nodes found\n");
        }
    }

    @Test
    void aDockerJobOnANodeWithoutDockerFailsFastNamingTheEngine() {
        Cli.Result r = embedded.cli().run("docker", "run", "ubuntu", "echo", "hello");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.out())
                .contains("Job successfully submitted")
                .contains("Failed")
                .contains("no node runs engine docker");
    }

    @Test
    void aWasmRunIsSubmittedAndWaitedForLikeJobRun() {
        Cli.Result r = embedded.cli().run("wasm", "run", "--id-only", "ipfs://QmModule");

        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.out()).matches("j-[0-9a-f-]{36}\n");
        Cli.Result describe = embedded.cli().run("job", "describe", r.out().strip());
        // The embedded node reads ipfs inputs through the Kubo API of its configuration; the
        // module's CID is invalid.
        assertThat(describe.out())
                .contains("IPFS node at http://127.0.0.1:5001")
                .contains("QmModule");
    }

    @Test
    void aLocalWasmModuleIsInlinedAndRunByTheEmbeddedNode() {
        // The wasm engine's own test program (activities/src/test/wasm/hello.c): prints argv and
        // GREETING.
        Path hello =
                Path.of("../activities/src/test/resources/wasm/hello.wasm")
                        .toAbsolutePath()
                        .normalize();

        Cli.Result r =
                embedded.cli()
                        .run(
                                "wasm",
                                "run",
                                "--id-only",
                                "--env",
                                "GREETING=hi",
                                hello.toString(),
                                "one");
        Cli.Result describe = embedded.cli().run("job", "describe", r.out().strip());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(describe.out())
                .as(describe.toString())
                .contains("Completed")
                .contains("arg1=one")
                .contains("GREETING=hi");
    }

    @Test
    void aWasmJobWithAnInlineInputPublishesItsOutputsLocallyForJobGet(@TempDir Path dir)
            throws IOException {
        // The wasm engine's copy program (activities/src/test/wasm/copy.c) upper-cases argv[1] into
        // argv[2].
        byte[] copy =
                Files.readAllBytes(Path.of("../activities/src/test/resources/wasm/copy.wasm"));
        Path spec =
                Files.writeString(
                        dir.resolve("wasm-copy.yaml"),
                        String.join(
                                "\n",
                                "Name: wasm-copy",
                                "Type: batch",
                                "Count: 1",
                                "Tasks:",
                                "  - Name: main",
                                "    Engine:",
                                "      Type: wasm",
                                "      Params:",
                                "        EntryModule: /app/copy.wasm",
                                "        Parameters: [/inputs/data.txt, /outputs/loud.txt]",
                                "    InputSources:",
                                "      - Target: /app/copy.wasm",
                                "        Source: {Type: inline, Params: {URL: \""
                                        + InlineSourceSpec.of("application/wasm", copy).url()
                                        + "\"}}",
                                "      - Target: /inputs/data.txt",
                                "        Source: {Type: inline, Params: {URL: \""
                                        + InlineSourceSpec.of(
                                                        "text/plain",
                                                        "shout this"
                                                                .getBytes(StandardCharsets.UTF_8))
                                                .url()
                                        + "\"}}",
                                "    ResultPaths:",
                                "      - {Name: outputs, Path: /outputs}",
                                "    Publisher:",
                                "      Type: local",
                                "    Resources:",
                                "      Memory: 64Mi",
                                ""));

        Cli.Result run = embedded.cli().run("job", "run", "--id-only", spec.toString());
        assertThat(run.code()).as(run.toString()).isZero();
        Path results = dir.resolve("results");
        Cli.Result get =
                embedded.cli()
                        .run("job", "get", run.out().strip(), "--output-dir", results.toString());

        assertThat(get.code()).as(get.toString()).isZero();
        assertThat(Files.readString(results.resolve("stdout"))).isEqualTo("copied 10 bytes\n");
        assertThat(Files.readString(results.resolve("exitCode"))).isEqualTo("-1");
        assertThat(Files.readString(results.resolve("outputs/loud.txt"))).isEqualTo("SHOUT THIS");
    }
}
