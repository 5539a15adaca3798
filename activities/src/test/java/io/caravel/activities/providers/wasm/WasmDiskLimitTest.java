package io.caravel.activities.providers.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.node.DiskLimit;
import io.caravel.activities.node.ResultsLayout;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.Job;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.ResourcesConfig;
import io.caravel.api.model.ResultPath;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.workflows.activities.StagedInputs;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Resources.Disk} is a limit on wasm (issue 14): the module's writes past it fail, and the
 * execution fails with the disk limit error. Runs the project's {@code copy} program
 * (src/test/wasm) on Chicory, copying an input larger than what the task may write.
 */
@Tag("security")
@Timeout(120)
class WasmDiskLimitTest {
    private static final int DATA_BYTES = 2_000_000;

    @TempDir Path tmp;

    private final WasmEngine engine =
            new WasmEngine(
                    new ResultsLayout(),
                    WasmEngine.Mode.COMPILED,
                    null,
                    new DiskLimit.Settings(1_000_000, Duration.ofMillis(500)));

    @Test
    void writesPastTheQuotaFailAndSoDoesTheExecution() throws Exception {
        ExecutionContext context = copying("3mb");
        long inputs = context.inputs().totalBytes();
        long allowed = 3_000_000 - inputs;

        assertThatThrownBy(() -> engine.run(context))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage())
                                    .startsWith("disk limit exceeded: the task wrote more than ")
                                    .endsWith(
                                            "(Resources.Disk 3mb, less the 1.94 MiB of its staged inputs)");
                        });
        // The quota held: the file stops where the limit is, and the module's stdout is kept.
        assertThat(Files.size(context.resultsDir().resolve("outputs/loud.bin")))
                .isLessThanOrEqualTo(allowed);
        assertThat(context.resultsDir().resolve("stdout")).content().startsWith("copied ");
    }

    @Test
    void aModuleWithinItsQuotaCompletes() throws Exception {
        ExecutionContext context = copying("5mb");

        RunOutput out = engine.run(context);

        assertThat(out.stdout()).isEqualTo("copied " + DATA_BYTES + " bytes\n");
        assertThat(context.resultsDir().resolve("outputs/loud.bin")).hasSize(DATA_BYTES);
    }

    @Test
    void aTaskWithoutADiskRequestGetsTheNodesDefault() throws Exception {
        assertThatThrownBy(() -> engine.run(copying("")))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e ->
                                assertThat(e.getMessage())
                                        .isEqualTo(
                                                "disk limit exceeded: the task wrote more than 976.56 KiB"
                                                        + " (the node's defaultTaskDisk: the task sets no Resources.Disk)"));
    }

    @Test
    void inputsLargerThanTheDiskRequestAreRefusedBeforeTheModuleRuns() throws Exception {
        ExecutionContext context = copying("1mb");

        assertThatThrownBy(() -> engine.run(context))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e ->
                                assertThat(e.getMessage())
                                        .startsWith(
                                                "the staged inputs take 2032812 bytes, more than the"
                                                        + " task's disk request of 1000000 bytes (1mb)"));
        assertThat(context.resultsDir().resolve("stdout")).doesNotExist();
    }

    /**
     * {@code copy /inputs/data.bin /outputs/loud.bin} of {@value #DATA_BYTES} bytes, with {@code
     * disk}.
     */
    private ExecutionContext copying(String disk) throws Exception {
        Path module = Path.of(WasmDiskLimitTest.class.getResource("/wasm/copy.wasm").toURI());
        Path data = Files.write(tmp.resolve("data.bin"), "x".repeat(DATA_BYTES).getBytes());
        Path exec = tmp.resolve("exec-" + System.nanoTime());
        Path results = Files.createDirectories(exec.resolve("results"));
        Task task =
                Task.builder()
                        .name("main")
                        .engine(
                                SpecConfig.of(
                                        "wasm",
                                        Map.of(
                                                "EntryModule",
                                                "/app/copy.wasm",
                                                "Parameters",
                                                List.of("/inputs/data.bin", "/outputs/loud.bin"))))
                        .resultPaths(List.of(new ResultPath("outputs", "/outputs")))
                        .network(new NetworkConfig(NetworkType.NONE, List.of(), List.of()))
                        .resources(new ResourcesConfig("", "", disk, ""))
                        .build();
        Job job =
                Job.builder()
                        .id("j-wasm-disk")
                        .name("wasm")
                        .type("batch")
                        .count(1)
                        .task(task)
                        .build();
        StagedInputs inputs =
                new StagedInputs(
                        List.of(
                                new StagedInput(
                                        module.toString(),
                                        "/app/copy.wasm",
                                        true,
                                        Files.size(module)),
                                new StagedInput(
                                        data.toString(), "/inputs/data.bin", true, DATA_BYTES)));
        return new ExecutionContext(
                job,
                "e-wasm-disk",
                0,
                "node-1",
                null,
                exec,
                results,
                Files.createDirectories(exec.resolve("logs")),
                inputs,
                Map.of(),
                message -> {},
                () -> false);
    }
}
