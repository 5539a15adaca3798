package io.caravel.cli;

import io.caravel.api.model.JobStateType;
import io.caravel.cli.output.OutputFormat;
import io.caravel.cli.output.Table;
import io.caravel.cli.output.Times;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code caravel job list}: jobs from Temporal's visibility store, newest first. Name and type come
 * from the memo {@code job run} sets (empty for jobs started otherwise); the state from the {@code
 * CaravelJobState} search attribute when the worker keeps it, else from the workflow status.
 */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description =
                "Lists jobs, newest first, a page at a"
                        + " time (--limit, --next-token), in Bacalhau's columns; the short ID is what every job verb takes.")
final class JobListCommand implements Callable<Integer> {
    static final String QUERY = JobPages.QUERY;

    @ParentCommand JobCommand job;

    @Spec CommandSpec spec;

    @Option(
            names = "--limit",
            defaultValue = "10",
            description = "The most jobs to list (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(
            names = "--next-token",
            paramLabel = "TOKEN",
            description = "Where to go on: the token the previous page" + " printed.")
    String nextToken;

    @Option(names = "--wide", description = "Full IDs and creation times, as Bacalhau's --wide.")
    boolean wide;

    @Option(
            names = "--query",
            paramLabel = "QUERY",
            description =
                    "Extra visibility filter, ANDed with the job type, "
                            + "e.g. \"CaravelJobState = 'Completed'\".")
    String query;

    @Option(
            names = "--state",
            paramLabel = "STATE",
            description =
                    "Only jobs in this state (Completed, Failed, Stopped, Running, ...); needs the workers'"
                            + " searchAttributes.")
    String state;

    @Override
    public Integer call() {
        if (limit <= 0) {
            throw new CliException(
                    "--limit must be positive; got " + limit, "pass --limit 10, say");
        }
        PrintWriter out = spec.commandLine().getOut();
        String filter = QUERY;
        if (state != null && !state.isBlank()) {
            JobStateType parsed = JobStateType.parse(state);
            if (parsed == JobStateType.UNDEFINED) {
                throw new CliException(
                        "unknown job state \"" + state + "\"",
                        "use one of Pending, Queued," + " Running, Completed, Failed, Stopped");
            }
            filter += " AND CaravelJobState = '" + parsed.text() + "'";
        }
        if (query != null && !query.isBlank()) {
            filter += " AND (" + query + ")";
        }
        try (Connection connection = job.root.connect()) {
            JobPages.Page page;
            try {
                page = page(connection, filter);
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                    throw e;
                }
                throw new CliException(
                        "the Temporal server at "
                                + job.root.address()
                                + " cannot list workflows "
                                + "(ListWorkflowExecutions is unimplemented; the in-memory server of `caravel dev --in-memory` "
                                + "and `--embedded` has none)",
                        "look a job up with `caravel job describe ID`, or run `caravel dev` with the Temporal CLI "
                                + "installed (scripts/temporal-dev.sh install), or a full server such as "
                                + "`temporal server start-dev`");
            }
            OutputFormat format = job.root.output();
            if (format == OutputFormat.table) {
                // Bacalhau's columns, in its order; the short ID is what every job verb takes.
                Table t = new Table("Created", "ID", "Name", "Job", "Type", "State");
                page.rows()
                        .forEach(
                                r ->
                                        t.row(
                                                wide
                                                        ? Times.instant(r.created())
                                                        : time(r.created()),
                                                wide ? r.id() : JobResolver.shortId(r.id()),
                                                r.name(),
                                                r.engine(),
                                                r.type(),
                                                r.state()));
                out.print(t.render());
            } else {
                out.print(
                        OutputFormat.structured(
                                format, page.rows().stream().map(JobPages.Row::asMap).toList()));
            }
            out.flush();
            if (!page.nextToken().isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println();
                err.println("To fetch more records use:");
                err.println(
                        "\tcaravel job list --limit "
                                + limit
                                + " --next-token "
                                + page.nextToken());
                err.flush();
            }
        }
        return ExitCodes.OK;
    }

    /**
     * One page of the visibility store's answer, in its order (newest first), and the token of the
     * next.
     */
    private JobPages.Page page(Connection connection, String filter) {
        try {
            return JobPages.page(connection.client(), filter, limit, nextToken);
        } catch (IllegalArgumentException e) {
            throw new CliException(
                    "--next-token " + nextToken + " is not a token this command printed",
                    "copy the token from the line `To fetch more records use:` of the previous page");
        }
    }

    /** Bacalhau's narrow CREATED column: the time of day. */
    private static String time(Instant created) {
        String full = Times.instant(created);
        return full.length() > 11 ? full.substring(11) : full;
    }
}
