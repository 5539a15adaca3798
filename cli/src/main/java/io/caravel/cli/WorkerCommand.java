package io.caravel.cli;

import io.caravel.workers.WorkerMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code caravel worker [--config FILE] [--key=value ...]}: the worker process of the {@code
 * workers} module, with its own flags ({@code caravel worker --help} lists them).
 */
@Command(
        name = "worker",
        description = {
            "Runs a worker node until Ctrl-C.",
            "Every argument goes to the worker: --config FILE and --key=value settings (see docs/configuration.md)."
        })
final class WorkerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Unmatched List<String> args = new ArrayList<>();

    /**
     * Worker flags that are also options of the {@code caravel} command: picocli gives them to the
     * root's inherited option, so they are handed back to the worker here.
     */
    private static final List<String> SHARED_FLAGS = List.of("--namespace", "--tls");

    @Override
    public Integer call() throws InterruptedException {
        CaravelCommand root = (CaravelCommand) spec.root().userObject();
        return WorkerMain.run(
                workerArgs().toArray(String[]::new),
                root.env(),
                WorkerMain.assembly(),
                WriterStream.of(spec.commandLine().getOut()),
                WriterStream.of(spec.commandLine().getErr()));
    }

    /**
     * The arguments the worker gets: the shared flags given before or after {@code worker}, then
     * the rest.
     */
    List<String> workerArgs() {
        List<String> all = new ArrayList<>();
        for (ParseResult level :
                List.of(
                        spec.root().commandLine().getParseResult(),
                        spec.commandLine().getParseResult())) {
            for (String flag : SHARED_FLAGS) {
                if (level != null && level.hasMatchedOption(flag)) {
                    all.add(flag + "=" + level.matchedOption(flag).getValue());
                }
            }
        }
        all.addAll(args);
        return all;
    }
}
