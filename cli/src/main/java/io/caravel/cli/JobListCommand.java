package io.caravel.cli;

import io.caravel.api.model.JobStateType;
import io.caravel.cli.output.OutputFormat;
import io.caravel.cli.output.Table;
import io.caravel.cli.output.Times;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.SearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import com.google.protobuf.ByteString;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.common.converter.DataConverter;
import io.temporal.client.WorkflowExecutionMetadata;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code caravel job list}: jobs from Temporal's visibility store, newest first. Name and type come
 * from the memo {@code job run} sets (empty for jobs started otherwise); the state from the
 * {@code CaravelJobState} search attribute when the worker keeps it, else from the workflow status.
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists jobs, newest first, a page at a"
        + " time (--limit, --next-token), in Bacalhau's columns; the short ID is what every job verb takes.")
final class JobListCommand implements Callable<Integer> {
    static final String QUERY = "WorkflowType = '" + JobWorkflow.TYPE + "'";

    @ParentCommand
    JobCommand job;

    @Spec
    CommandSpec spec;

    @Option(names = "--limit", defaultValue = "10", description = "The most jobs to list (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--next-token", paramLabel = "TOKEN", description = "Where to go on: the token the previous page"
            + " printed.")
    String nextToken;

    @Option(names = "--wide", description = "Full IDs and creation times, as Bacalhau's --wide.")
    boolean wide;

    @Option(names = "--query", paramLabel = "QUERY", description = "Extra visibility filter, ANDed with the job type, "
            + "e.g. \"CaravelJobState = 'Completed'\".")
    String query;

    @Option(names = "--state", paramLabel = "STATE",
            description = "Only jobs in this state (Completed, Failed, Stopped, Running, ...); needs the workers'"
                    + " searchAttributes.")
    String state;

    @Override
    public Integer call() {
        if (limit <= 0) {
            throw new CliException("--limit must be positive; got " + limit, "pass --limit 10, say");
        }
        PrintWriter out = spec.commandLine().getOut();
        String filter = QUERY;
        if (state != null && !state.isBlank()) {
            JobStateType parsed = JobStateType.parse(state);
            if (parsed == JobStateType.UNDEFINED) {
                throw new CliException("unknown job state \"" + state + "\"", "use one of Pending, Queued,"
                        + " Running, Completed, Failed, Stopped");
            }
            filter += " AND CaravelJobState = '" + parsed.text() + "'";
        }
        if (query != null && !query.isBlank()) {
            filter += " AND (" + query + ")";
        }
        try (Connection connection = job.root.connect()) {
            Page page;
            try {
                page = page(connection, filter);
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                    throw e;
                }
                throw new CliException("the Temporal server at " + job.root.address() + " cannot list workflows "
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
                page.rows().forEach(r -> t.row(wide ? Times.instant(r.created()) : time(r.created()),
                        wide ? r.id() : JobResolver.shortId(r.id()), r.name(), r.engine(), r.type(), r.state()));
                out.print(t.render());
            } else {
                out.print(OutputFormat.structured(format, page.rows().stream().map(Row::asMap).toList()));
            }
            out.flush();
            if (!page.nextToken().isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println();
                err.println("To fetch more records use:");
                err.println("\tcaravel job list --limit " + limit + " --next-token " + page.nextToken());
                err.flush();
            }
        }
        return ExitCodes.OK;
    }

    /** One page of the visibility store's answer, in its order (newest first), and the token of the next. */
    private Page page(Connection connection, String filter) {
        ListWorkflowExecutionsRequest.Builder request = ListWorkflowExecutionsRequest.newBuilder()
                .setNamespace(connection.client().getOptions().getNamespace()).setQuery(filter).setPageSize(limit);
        if (nextToken != null && !nextToken.isBlank()) {
            try {
                request.setNextPageToken(ByteString.copyFrom(Base64.getUrlDecoder().decode(nextToken.strip())));
            } catch (IllegalArgumentException e) {
                throw new CliException("--next-token " + nextToken + " is not a token this command printed",
                        "copy the token from the line `To fetch more records use:` of the previous page");
            }
        }
        ListWorkflowExecutionsResponse response = connection.client().getWorkflowServiceStubs().blockingStub()
                .listWorkflowExecutions(request.build());
        DataConverter converter = connection.client().getOptions().getDataConverter();
        List<Row> rows = response.getExecutionsList().stream()
                .map(info -> row(new WorkflowExecutionMetadata(info, converter), job.root.namespace())).toList();
        String token = response.getNextPageToken().isEmpty() ? ""
                : Base64.getUrlEncoder().withoutPadding().encodeToString(response.getNextPageToken().toByteArray());
        return new Page(rows, token);
    }

    /** Bacalhau's narrow CREATED column: the time of day. */
    private static String time(Instant created) {
        String full = Times.instant(created);
        return full.length() > 11 ? full.substring(11) : full;
    }

    private record Page(List<Row> rows, String nextToken) {
    }

    private static Row row(WorkflowExecutionMetadata m, String defaultNamespace) {
        io.temporal.common.SearchAttributes attributes = m.getTypedSearchAttributes();
        String state = attributes.containsKey(SearchAttributes.JOB_STATE) ? attributes.get(SearchAttributes.JOB_STATE)
                : state(m.getStatus());
        String type = memo(m, "Type");
        if (type.isEmpty() && attributes.containsKey(SearchAttributes.JOB_TYPE)) {
            type = attributes.get(SearchAttributes.JOB_TYPE);
        }
        String name = memo(m, "Name");
        if (name.isEmpty() && attributes.containsKey(SearchAttributes.JOB_NAME)) {
            name = attributes.get(SearchAttributes.JOB_NAME);
        }
        String namespace = attributes.containsKey(SearchAttributes.JOB_NAMESPACE)
                ? attributes.get(SearchAttributes.JOB_NAMESPACE) : defaultNamespace;
        return new Row(m.getExecution().getWorkflowId(), name, namespace, memo(m, "Engine"), type, state,
                m.getStartTime());
    }

    static String memo(WorkflowExecutionMetadata m, String key) {
        try {
            String v = m.getMemo(key, String.class, String.class);
            return v == null ? "" : v;
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** The job state a workflow status implies when the search attribute is not kept. */
    static String state(WorkflowExecutionStatus status) {
        return switch (status) {
            case WORKFLOW_EXECUTION_STATUS_RUNNING -> "Running";
            case WORKFLOW_EXECUTION_STATUS_COMPLETED -> "Completed";
            case WORKFLOW_EXECUTION_STATUS_FAILED, WORKFLOW_EXECUTION_STATUS_TIMED_OUT -> "Failed";
            case WORKFLOW_EXECUTION_STATUS_CANCELED, WORKFLOW_EXECUTION_STATUS_TERMINATED -> "Stopped";
            default -> status.name();
        };
    }

    /**
     * One job. As JSON/YAML it keeps the shape of the jobs Bacalhau's {@code job list --output json}
     * prints ({@code State.StateType}, {@code Tasks[0].Engine.Type}, {@code CreateTime} in Unix
     * nanoseconds), with only the fields the visibility store holds.
     */
    record Row(String id, String name, String namespace, String engine, String type, String state,
            Instant created) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ID", id);
            m.put("Name", name);
            m.put("Namespace", namespace);
            m.put("Type", type);
            m.put("State", Map.of("StateType", state));
            m.put("Tasks", engine.isEmpty() ? List.of() : List.of(Map.of("Engine", Map.of("Type", engine))));
            m.put("CreateTime", created == null ? 0L : created.getEpochSecond() * 1_000_000_000L + created.getNano());
            return m;
        }
    }
}
