package io.caravel.cli;

import io.caravel.cli.output.BacalhauShapes;
import io.caravel.cli.output.JobViews;
import io.caravel.workflows.model.JobDescription;
import picocli.CommandLine.Command;

/** {@code caravel job executions ID}: one row per execution, a page at a time. */
@Command(
        name = "executions",
        mixinStandardHelpOptions = true,
        description = "Lists a job's executions, a page at a" + " time (--limit, --next-token).")
final class JobExecutionsCommand extends PagedJobViewCommand {
    @Override
    Object data(JobDescription d) {
        return BacalhauShapes.executions(d.job(), page().items());
    }

    @Override
    String table(JobDescription d) {
        return JobViews.executions(page().items());
    }
}
