package io.caravel.activities.providers.noop;

import io.caravel.activities.node.ResultsLayout;
import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.Problems;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.ParamsReader;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.noop.NoopEngineSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The {@code noop} engine: runs nothing and ends at once with exit code 0 and empty output, writing
 * Bacalhau's results layout (and an empty directory per result path) like any engine.
 *
 * <p>Caravel test conveniences, not part of Bacalhau (whose noop engine ignores its params): the
 * optional params {@code Stdout} and {@code Stderr} (text printed first, at once), {@code Sleep}
 * (whole seconds to wait after printing, before ending; stops early when the execution is
 * cancelled), {@code ExitCode} (the exit code to end with) let workflow and integration tests make
 * a job slow, fail with a non-zero code or produce output without a real engine. Keys are read in
 * any case.
 */
public final class NoopEngine implements Engine {
    /** How often a sleeping run looks at the cancellation flag. */
    private static final long POLL_MILLIS = 50;

    private final ResultsLayout layout;

    public NoopEngine() {
        this(new ResultsLayout());
    }

    public NoopEngine(ResultsLayout layout) {
        this.layout = Objects.requireNonNull(layout, "layout");
    }

    /** The test conveniences read from the engine's params. */
    record Behaviour(long sleepSeconds, int exitCode, String stdout, String stderr) {
        static Behaviour of(SpecConfig engine) {
            NoopEngineSpec.decode(engine);
            Problems problems = new Problems().at("Engine").at("Params");
            ParamsReader params = new ParamsReader(engine.params(), problems);
            long sleep = params.has("Sleep") ? params.integer("Sleep") : 0;
            if (sleep < 0) {
                params.problemsAt("Sleep")
                        .add("Sleep must be whole seconds, 0 or more; got " + sleep);
            }
            long exitCode = params.has("ExitCode") ? params.integer("ExitCode") : 0;
            if (exitCode < Integer.MIN_VALUE || exitCode > Integer.MAX_VALUE) {
                params.problemsAt("ExitCode").add("ExitCode must fit in 32 bits; got " + exitCode);
            }
            String stdout = params.has("Stdout") ? params.string("Stdout") : "";
            String stderr = params.has("Stderr") ? params.string("Stderr") : "";
            problems.throwIfInvalid();
            return new Behaviour(sleep, (int) exitCode, stdout, stderr);
        }
    }

    @Override
    public String type() {
        return SpecTypes.ENGINE_NOOP;
    }

    @Override
    public RunOutput run(ExecutionContext execution) throws InterruptedException {
        Behaviour behaviour = Behaviour.of(execution.task().engine());
        try {
            ResultsLayout.createResultPathDirs(
                    execution.resultsDir(), execution.task().resultPaths());
            try (ResultsLayout.Writer writer = layout.open(execution.resultsDir())) {
                // Output first, flushed, then the sleep: a follower of the logs sees it while the
                // run goes on.
                write(writer.stdout(), behaviour.stdout());
                write(writer.stderr(), behaviour.stderr());
                if (!sleep(execution, behaviour.sleepSeconds())
                        || execution.cancelled().getAsBoolean()) {
                    return new RunOutput("", false, "", false, 0, "execution cancelled");
                }
                return writer.finish(behaviour.exitCode(), "").runOutput();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "noop engine could not write the results of " + execution.executionId(), e);
        }
    }

    /** Sleeps {@code seconds}; false when the execution was cancelled meanwhile. */
    private static boolean sleep(ExecutionContext execution, long seconds)
            throws InterruptedException {
        if (seconds <= 0) {
            return true;
        }
        execution.progress().report("noop: sleeping " + seconds + "s");
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (execution.cancelled().getAsBoolean()) {
                return false;
            }
            Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
        return true;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
