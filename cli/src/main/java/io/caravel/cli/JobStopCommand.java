package io.caravel.cli;

import io.caravel.cli.output.OutputFormat;
import io.caravel.workflows.model.StopResult;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caravel job stop ID}: stops a job through the workflow's {@code stop} update. */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description = "Stops a job; returns once it is Stopped.")
final class JobStopCommand implements Callable<Integer> {
    @ParentCommand JobCommand job;

    @Spec CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "ID|NAME",
            description =
                    "The job: its ID, the short ID `job list` prints (any unique prefix), or its Name.")
    String id;

    @Option(
            names = "--reason",
            defaultValue = "stopped by the user via caravel job stop",
            description = "Why the job is stopped, kept in its history.")
    String reason;

    @Option(names = "--quiet", description = "Print nothing on success.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Connection connection = job.root.connect()) {
            id = JobResolver.resolve(connection.client(), id);
            StopResult result = JobStopper.stop(connection.client(), id, reason);
            OutputFormat format = job.root.output();
            if (format != OutputFormat.table) {
                out.print(OutputFormat.structured(format, result));
            } else if (!quiet) {
                out.println(
                        result.stopped()
                                ? "Job "
                                        + id
                                        + " stopped (was "
                                        + result.previousState().text()
                                        + ")"
                                : "Job "
                                        + id
                                        + " was already "
                                        + result.previousState().text()
                                        + (result.message().isEmpty()
                                                ? ""
                                                : ": " + result.message()));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
