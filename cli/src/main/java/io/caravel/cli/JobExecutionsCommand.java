package io.caravel.cli;

import io.caravel.cli.output.BacalhauShapes;
import io.caravel.cli.output.JobViews;
import io.caravel.workflows.model.JobDescription;
import picocli.CommandLine.Command;

/** {@code caravel job executions ID}: one row per execution. */
@Command(name = "executions", mixinStandardHelpOptions = true, description = "Lists a job's executions.")
final class JobExecutionsCommand extends JobViewCommand {
    @Override
    Object data(JobDescription d) {
        return BacalhauShapes.executions(d);
    }

    @Override
    String table(JobDescription d) {
        return JobViews.executions(d.executions());
    }
}
