package io.caravel.cli;

import io.caravel.cli.output.OutputFormat;
import io.caravel.workflows.model.JobDescription;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A verb that shows one view of a job's {@code describe} answer: a table, or the same data as
 * JSON/YAML. Subclasses say which part and how it reads as a table.
 */
abstract class JobViewCommand implements Callable<Integer> {
    @ParentCommand JobCommand job;

    @Spec CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "ID|NAME",
            description =
                    "The job: its ID, the short ID `job list` prints (any unique prefix), or its Name.")
    String id;

    /**
     * Reads the job's executions page by page and its summary; set before {@link #data} and {@link
     * #table}.
     */
    ExecutionPager pager;

    /** The part of the description this verb shows, for JSON/YAML output. */
    abstract Object data(JobDescription d);

    /** The same part as a table. */
    abstract String table(JobDescription d);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Connection connection = job.root.connect()) {
            JobDescription d =
                    JobQueries.describe(
                            connection.client(), JobResolver.resolve(connection.client(), id));
            pager = new ExecutionPager(connection.client(), d);
            OutputFormat format = job.root.output();
            out.print(
                    format == OutputFormat.table
                            ? table(d)
                            : OutputFormat.structured(format, data(d)));
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        nextPage()
                .ifPresent(
                        token -> {
                            err.println();
                            err.println("To fetch more executions use:");
                            err.println(
                                    "\tcaravel job "
                                            + spec.name()
                                            + " "
                                            + id
                                            + " --limit "
                                            + pageLimit()
                                            + " --next-token "
                                            + token);
                            err.flush();
                        });
        return ExitCodes.OK;
    }

    /** The token of the page after the one shown, for verbs that page the executions. */
    java.util.Optional<String> nextPage() {
        return java.util.Optional.empty();
    }

    int pageLimit() {
        return 0;
    }
}
