package io.caravel.activities.providers.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.placement.ClaimActivitiesImpl;
import io.caravel.activities.placement.NodeLedger;
import io.caravel.activities.placement.NodePolicy;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.model.Job;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.ResourcesConfig;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.activities.ClaimRequest;
import io.caravel.workflows.activities.StagedInputs;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import io.temporal.failure.ApplicationFailure;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WASM memory is admitted against the worker's heap, not the host's memory, and a module that
 * outgrows its limit fails alone (issue 14, item 6). Real Chicory, real ledger and claim logic.
 */
@Tag("security")
class WasmMemoryPressureTest {
    private static final long GIB = 1L << 30;
    private static final NodePolicy POLICY =
            NodePolicy.builder("n1").engines("wasm").publishers("noop").build();

    @TempDir Path tmp;

    private static Job wasmJob(String memory, Map<String, Object> params) {
        Task task =
                Task.builder()
                        .name("main")
                        .engine(SpecConfig.of("wasm", params))
                        .network(new NetworkConfig(NetworkType.NONE, List.of(), List.of()))
                        .resources(new ResourcesConfig("100m", memory, "", ""))
                        .build();
        return Job.builder().id("j-wasm").name("wasm").type("batch").count(1).task(task).build();
    }

    private static ClaimRequest claim(String executionId, String memory) {
        return new ClaimRequest(
                wasmJob(memory, Map.of("EntryModule", "/app/m.wasm")), executionId, 0, "");
    }

    @Test
    void wasmJobsWhoseMemoryExceedsTheHeapBudgetAreNotAdmittedTogether() {
        // The node: 16 GiB of host memory. Its worker's heap budget holds two 2 GB modules,
        // not four.
        long budget = 2 * WasmEngine.heapBytes(new Resources(0, 2_000_000_000L, 0, 0)) + (1 << 20);
        NodeLedger ledger =
                new NodeLedger(
                        new Resources(8000, 16 * GIB, 0, 0),
                        List.of(),
                        new NodeLedger.HeapBudget(budget, Map.of("wasm", WasmEngine::heapBytes)));
        ClaimActivitiesImpl claims = new ClaimActivitiesImpl(POLICY, ledger, "caravel-node-n1");

        claims.claim(claim("e-1", "2Gb"));
        claims.claim(claim("e-2", "2Gb"));
        assertThatThrownBy(() -> claims.claim(claim("e-3", "2Gb")))
                .asInstanceOf(InstanceOfAssertFactories.type(ApplicationFailure.class))
                .satisfies(
                        f -> {
                            assertThat(f.getType()).isEqualTo("NODE_BUSY");
                            assertThat(f.getOriginalMessage())
                                    .contains("is busy: execution e-3 needs")
                                    .contains("of the worker's heap for in-process (wasm) memory");
                        });
        assertThat(ledger.available().memoryBytes()).isGreaterThan(10 * GIB);

        ledger.release("e-1");
        assertThat(claims.claim(claim("e-3", "2Gb")).reservationId()).isEqualTo("e-3");
        assertThat(ledger.availableHeap())
                .isLessThan(WasmEngine.heapBytes(new Resources(0, 2_000_000_000L, 0, 0)));
    }

    @Test
    void aWasmJobLargerThanTheWholeBudgetIsRefusedForGoodAndOtherEnginesAreNotCounted() {
        NodeLedger ledger =
                new NodeLedger(
                        new Resources(8000, 16 * GIB, 0, 0),
                        List.of(),
                        new NodeLedger.HeapBudget(GIB, Map.of("wasm", WasmEngine::heapBytes)));
        NodePolicy both =
                NodePolicy.builder("n1").engines("wasm", "noop").publishers("noop").build();
        ClaimActivitiesImpl claims = new ClaimActivitiesImpl(both, ledger, "caravel-node-n1");

        assertThatThrownBy(() -> claims.claim(claim("e-1", "2Gi")))
                .asInstanceOf(InstanceOfAssertFactories.type(ApplicationFailure.class))
                .satisfies(
                        f ->
                                assertThat(f.getOriginalMessage())
                                        .contains("too small for execution e-1 even when" + " idle")
                                        .contains(
                                                "of the worker's heap for in-process (wasm) memory (1.00 GiB in total)"));
        // An unrequested memory is Bacalhau's default request, so it is bounded too.
        claims.claim(claim("e-2", ""));
        assertThat(ledger.reservation("e-2").orElseThrow().heapBytes())
                .isEqualTo(WasmEngine.heapBytes(new Resources(0, 512_000_000L, 0, 0)));
        Job noop =
                io.caravel.activities.TestJobs.job(
                        io.caravel.activities.TestJobs.noopTask(Map.of())
                                .resources(new ResourcesConfig("1", "8Gi", "", ""))
                                .build());
        claims.claim(new ClaimRequest(noop, "e-3", 0, ""));
        assertThat(ledger.reservation("e-3").orElseThrow().heapBytes()).isZero();
    }

    @Test
    void aModuleGrowingPastItsLimitFailsAloneNamingTheLimit() throws Exception {
        WasmEngine engine = new WasmEngine();

        // 16 MiB is 256 pages; the module starts with 1 and asks for 512 more, then traps on the
        // refusal.
        assertThatThrownBy(() -> engine.run(context(growThenTrapOnRefusal(512), "16Mi")))
                .isInstanceOfSatisfying(
                        CaravelException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("memory limit exceeded")
                .hasMessageContaining("16.00 MiB (256 pages of 64KiB, from Resources.Memory)");

        // The same module within its limit runs, on the same engine, after the other failed.
        RunOutput ok = engine.run(context(growThenTrapOnRefusal(200), "16Mi"));
        assertThat(ok.errorMsg()).isEmpty();
    }

    @Test
    void theMemoriesOfOneExecutionShareItsLimit() {
        ExecutionMemory account = new ExecutionMemory(10);
        var first = account.create(new com.dylibso.chicory.wasm.types.MemoryLimits(2, 100));
        var second = account.create(new com.dylibso.chicory.wasm.types.MemoryLimits(2, 100));

        assertThat(first.grow(4)).isEqualTo(2);
        assertThat(second.grow(3)).isEqualTo(-1);
        assertThat(account.refused()).isTrue();
        assertThat(second.grow(2)).isEqualTo(2);
        assertThat(first.pages() + second.pages()).isEqualTo(10);
        assertThatThrownBy(
                        () ->
                                account.create(
                                        new com.dylibso.chicory.wasm.types.MemoryLimits(1, 100)))
                .hasMessageContaining("memory limit exceeded");
    }

    private ExecutionContext context(byte[] module, String memory) throws Exception {
        Path exec = tmp.resolve("exec-" + System.nanoTime());
        Path wasm = Files.write(Files.createDirectories(exec).resolve("m.wasm"), module);
        Path results = Files.createDirectories(exec.resolve("results"));
        Path logs = Files.createDirectories(exec.resolve("logs"));
        Job job = wasmJob(memory, Map.of("EntryModule", "/app/m.wasm"));
        return new ExecutionContext(
                job,
                "e-wasm",
                0,
                "node-1",
                null,
                exec,
                results,
                logs,
                new StagedInputs(List.of(new StagedInput(wasm.toString(), "/app/m.wasm", true, 0))),
                Map.of(),
                message -> {},
                () -> false);
    }

    /**
     * A module with one memory of 1 page and no maximum whose {@code _start} grows it by {@code
     * pages} and traps ({@code unreachable}) when the grow is refused, as an allocator that aborts
     * on a failed allocation does.
     */
    static byte[] growThenTrapOnRefusal(int pages) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0x00); // no locals
        body.write(0x41); // i32.const pages
        signedLeb(body, pages);
        body.writeBytes(new byte[] {0x40, 0x00}); // memory.grow 0
        body.writeBytes(new byte[] {0x41, 0x7f, 0x46}); // i32.const -1; i32.eq
        body.writeBytes(new byte[] {0x04, 0x40, 0x00, 0x0b}); // if; unreachable; end
        body.write(0x0b); // end
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        out.writeBytes(new byte[] {0x01, 0x04, 0x01, 0x60, 0x00, 0x00}); // type: () -> ()
        out.writeBytes(new byte[] {0x03, 0x02, 0x01, 0x00}); // function 0 of type 0
        out.writeBytes(new byte[] {0x05, 0x03, 0x01, 0x00, 0x01}); // memory: min 1, no max
        out.writeBytes(
                new byte[] {0x07, 0x0a, 0x01, 0x06, '_', 's', 't', 'a', 'r', 't', 0x00, 0x00});
        byte[] code = body.toByteArray();
        out.write(0x0a);
        out.write(code.length + 2);
        out.write(0x01);
        out.write(code.length);
        out.writeBytes(code);
        return out.toByteArray();
    }

    private static void signedLeb(ByteArrayOutputStream out, int value) {
        int v = value;
        while (true) {
            int b = v & 0x7f;
            v >>= 7;
            boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            out.write(done ? b : b | 0x80);
            if (done) {
                return;
            }
        }
    }
}
