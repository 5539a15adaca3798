package io.caravel.cli;

import io.caravel.cli.output.BacalhauShapes;
import io.caravel.cli.output.JobViews;
import io.caravel.workflows.model.JobDescription;
import picocli.CommandLine.Command;

/** {@code caravel job history ID}: the job's events, oldest first. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "Lists a job's history.")
final class JobHistoryCommand extends JobViewCommand {
    @Override
    Object data(JobDescription d) {
        return BacalhauShapes.history(d);
    }

    @Override
    String table(JobDescription d) {
        return JobViews.history(d.history());
    }
}
