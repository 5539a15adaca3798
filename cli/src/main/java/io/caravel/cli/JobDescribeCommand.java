package io.caravel.cli;

import io.caravel.cli.output.BacalhauShapes;
import io.caravel.cli.output.JobViews;
import io.caravel.workflows.model.JobDescription;
import picocli.CommandLine.Command;

/** {@code caravel job describe ID}: the job, its executions and its history. */
@Command(name = "describe", mixinStandardHelpOptions = true, description = "Shows a job, its executions and its "
        + "history.")
final class JobDescribeCommand extends JobViewCommand {
    @Override
    Object data(JobDescription d) {
        return BacalhauShapes.describe(d);
    }

    @Override
    String table(JobDescription d) {
        return JobViews.describe(d);
    }
}
