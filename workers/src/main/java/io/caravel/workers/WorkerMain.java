package io.caravel.workers;

import com.google.inject.Module;
import io.caravel.activities.settings.Setting;
import io.caravel.api.errors.CaravelException;
import io.caravel.workers.assembly.BuiltinProviders;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.config.WorkerConfigLoader;
import io.caravel.workers.config.WorkerSettings;
import io.caravel.workflows.OrchestrationSettings;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The worker process's entry point: {@code caravel-worker [--config FILE] [--key=value ...]}. Reads
 * the configuration (defaults, the YAML file, {@code CARAVEL_*} variables, flags), wires and starts
 * the worker, and runs until the JVM is asked to stop (SIGTERM, Ctrl-C), when it stops gracefully.
 * Exit codes: 0 after a clean stop or {@code --help}, 2 for a configuration error, 1 for any other
 * start-up failure.
 */
public final class WorkerMain {
    static final int EXIT_CONFIG = 2;
    static final int EXIT_FAILURE = 1;

    private WorkerMain() {}

    public static void main(String[] args) throws InterruptedException {
        int code = run(args, System.getenv(), assembly(), System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * The modules that supply the built-in providers, the node's activities and the {@link
     * Registrar} of the workflows and activities.
     */
    public static List<Module> assembly() {
        return BuiltinProviders.assembly(OrchestrationSettings.DEFAULTS);
    }

    /** Runs a worker until the JVM shuts down; returns the exit code. */
    public static int run(
            String[] args,
            Map<String, String> env,
            List<Module> assembly,
            PrintStream out,
            PrintStream err)
            throws InterruptedException {
        WorkerProcess process;
        try {
            WorkerConfigLoader.CommandLine commandLine = WorkerConfigLoader.parseArgs(args);
            if (commandLine.help()) {
                out.print(usage());
                return 0;
            }
            WorkerConfig config = WorkerConfigLoader.fromCommandLine(commandLine, env);
            process = WorkerProcess.start(config, assembly);
        } catch (CaravelException e) {
            err.println("caravel-worker: " + e.getMessage());
            if (!e.hint().isEmpty()) {
                err.println("hint: " + e.hint());
            }
            return EXIT_CONFIG;
        } catch (UncheckedIOException e) {
            err.println("caravel-worker: " + e.getMessage());
            return EXIT_FAILURE;
        } catch (RuntimeException e) {
            err.println("caravel-worker: cannot start: " + e);
            e.printStackTrace(err);
            return EXIT_FAILURE;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(process::stop, "caravel-worker-shutdown"));
        process.awaitStopped();
        return 0;
    }

    /** The help text: every flag with its environment variable and default. */
    static String usage() {
        StringBuilder s = new StringBuilder();
        s.append("Usage: caravel-worker [--config FILE] [--key=value ...]\n\n")
                .append(
                        "Runs a Caravel worker node. Settings are merged from defaults, the YAML file (--config or ")
                .append(WorkerConfigLoader.CONFIG_ENV)
                .append("),\nthe environment, then flags.\n\n");
        String section = null;
        for (Setting<?> key : WorkerSettings.all()) {
            if (!key.section().equals(section)) {
                s.append(section == null ? "" : "\n").append(key.section()).append(":\n");
                section = key.section();
            }
            s.append(
                    String.format(
                            "  %-34s %-32s default: %s%n      %s%n",
                            key.flag()
                                    + "="
                                    + key.kind()
                                            .toUpperCase(java.util.Locale.ROOT)
                                            .replace(':', '_'),
                            key.envVar(),
                            key.defaultText().isEmpty() ? "(none)" : key.defaultText(),
                            key.meaning()));
        }
        return s.toString();
    }
}
