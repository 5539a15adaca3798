package io.caravel.activities.sources;

import io.caravel.activities.TestJobs;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.SpecConfig;
import io.caravel.workflows.activities.StagedInputs;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Sources and an execution context for the input source tests. */
public final class SourceTests {
    private SourceTests() {}

    public static InputSource input(String type, Map<String, ?> params, String target) {
        return new InputSource(SpecConfig.of(type, params), "", target);
    }

    public static ExecutionContext context(Path executionDir) {
        return context(executionDir, () -> false);
    }

    /** A context whose execution counts as cancelled once {@code cancelled} turns true. */
    public static ExecutionContext context(Path executionDir, BooleanSupplier cancelled) {
        return new ExecutionContext(
                TestJobs.noopJob(),
                "e-test",
                0,
                "node-1",
                null,
                executionDir,
                executionDir.resolve("results"),
                executionDir.resolve("logs"),
                StagedInputs.NONE,
                Map.of(),
                message -> {},
                cancelled);
    }
}
