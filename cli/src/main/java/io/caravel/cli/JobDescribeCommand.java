package io.caravel.cli;

import io.caravel.cli.output.BacalhauShapes;
import io.caravel.cli.output.JobViews;
import io.caravel.workflows.model.JobDescription;
import picocli.CommandLine.Command;

/**
 * {@code caravel job describe ID}: the job, a summary of its executions per state, a page of them
 * and its history.
 */
@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        description =
                "Shows a job, its executions per state,"
                        + " a page of its executions (--limit, --next-token) and its history.")
final class JobDescribeCommand extends PagedJobViewCommand {
    @Override
    Object data(JobDescription d) {
        return BacalhauShapes.describe(d, pager.summary(), page().items(), page().nextToken());
    }

    @Override
    String table(JobDescription d) {
        return JobViews.describe(d, pager.summary(), page().items());
    }
}
