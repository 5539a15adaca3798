package io.caravel.cli;

import io.caravel.workers.WorkerMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code caravel worker [--config FILE] [--key=value ...]}: the worker process of the
 * {@code workers} module, with its own flags ({@code caravel worker --help} lists them).
 */
@Command(name = "worker", description = {"Runs a worker node until Ctrl-C.",
        "Every argument goes to the worker: --config FILE and --key=value settings (see docs/configuration.md)."})
final class WorkerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        CaravelCommand root = (CaravelCommand) spec.root().userObject();
        return WorkerMain.run(args.toArray(String[]::new), root.env(), WorkerMain.assembly(),
                WriterStream.of(spec.commandLine().getOut()), WriterStream.of(spec.commandLine().getErr()));
    }
}
