package io.caravel.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code caravel job logs ID [-e EXECUTION] [-f] [-t]}: an execution's stdout (and, on stderr, its
 * stderr), read from the results server of the node that runs it; {@code -f} follows until the
 * execution ends, {@code -t} skips what was written before; see {@link LogStreamer}.
 */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description =
                "Prints the output of a job's execution, "
                        + "read from its node; -f follows it until it ends. Without -e, a job with several partitions (Count > 1) "
                        + "or nodes (ops) has each one's latest execution printed, every line labelled [execution@node].")
final class JobLogsCommand implements Callable<Integer> {
    @ParentCommand JobCommand job;

    @Spec CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "ID|NAME",
            description =
                    "The job: its ID, the short ID `job list` prints (any unique prefix), or its Name.")
    String id;

    @Option(
            names = {"-e", "--execution-id"},
            paramLabel = "EXECUTION",
            description = "The execution (its ID or a unique prefix; default: the latest).")
    String executionId;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing new output until the execution ends.")
    boolean follow;

    @Option(
            names = {"-t", "--tail"},
            description =
                    "Skip the output written so far: print only what comes from "
                            + "now on (as Bacalhau's --tail; most useful with -f).")
    boolean tail;

    @Mixin ResultsAccess access;

    @Override
    public Integer call() throws InterruptedException {
        try (Connection connection = job.root.connect()) {
            id = JobResolver.resolve(connection.client(), id);
            // Fails at once, in one line, for an unknown job (following would otherwise wait for
            // it).
            JobQueries.describe(connection.client(), id);
            new LogStreamer(
                            connection.client(),
                            access.logClient(),
                            spec.commandLine().getOut(),
                            spec.commandLine().getErr())
                    .stream(id, executionId, follow, tail);
        }
        return ExitCodes.OK;
    }
}
