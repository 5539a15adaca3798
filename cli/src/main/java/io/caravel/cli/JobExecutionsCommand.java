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

/** {@code caravel job executions ID}: one row per execution. */
@Command(name = "executions", mixinStandardHelpOptions = true, description = "Lists a job's executions.")
final class JobExecutionsCommand implements Callable<Integer> {
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
            out.print(format == OutputFormat.table ? JobViews.executions(d.executions())
                    : OutputFormat.structured(format, d.executions()));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
