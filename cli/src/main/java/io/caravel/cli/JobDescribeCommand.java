package io.caravel.cli;

import io.caravel.cli.output.JobViews;
import io.caravel.cli.output.OutputFormat;
import io.caravel.workflows.model.JobDescription;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caravel job describe ID}: the job, its executions and its history. */
@Command(name = "describe", mixinStandardHelpOptions = true, description = "Shows a job, its executions and its "
        + "history.")
final class JobDescribeCommand implements Callable<Integer> {
    @ParentCommand
    JobCommand job;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The job ID.")
    String id;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Connection connection = job.root.connect()) {
            JobDescription d = JobQueries.describe(connection.client(), id);
            OutputFormat format = job.root.output();
            out.print(format == OutputFormat.table ? JobViews.describe(d) : OutputFormat.structured(format, d));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
