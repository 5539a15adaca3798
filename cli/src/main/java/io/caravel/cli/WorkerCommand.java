package io.caravel.cli;

import io.caravel.workers.WorkerMain;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code caravel worker [--config FILE] [--key=value ...]}: the worker process of the
 * {@code workers} module, with its own flags ({@code caravel worker --help} lists them).
 */
@Command(name = "worker", description = {"Runs a worker node until Ctrl-C.",
        "Every argument goes to the worker: --config FILE and --key=value settings (see docs/configuration.md)."})
final class WorkerCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        return WorkerMain.run(args.toArray(String[]::new), System.getenv(), WorkerMain.assembly(),
                new PrintStream(System.out, true), System.err);
    }
}
