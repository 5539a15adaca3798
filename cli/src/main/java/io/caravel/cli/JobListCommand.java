package io.caravel.cli;

import io.caravel.api.model.JobStateType;
import io.caravel.cli.output.OutputFormat;
import io.caravel.cli.output.Table;
import io.caravel.cli.output.Times;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.SearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionMetadata;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Comparator;
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
@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists jobs, newest first.")
final class JobListCommand implements Callable<Integer> {
    static final String QUERY = "WorkflowType = '" + JobWorkflow.TYPE + "'";

    @ParentCommand
    JobCommand job;

    @Spec
    CommandSpec spec;

    @Option(names = "--limit", defaultValue = "10", description = "The most jobs to list (default ${DEFAULT-VALUE}).")
    int limit;

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
            List<Row> rows;
            try {
                rows = connection.client().listExecutions(filter).limit(limit).map(JobListCommand::row)
                        .sorted(Comparator.comparing(Row::created, Comparator.nullsLast(Comparator.reverseOrder())))
                        .toList();
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                    throw e;
                }
                throw new CliException("the Temporal server at " + job.root.address() + " cannot list workflows "
                        + "(ListWorkflowExecutions is unimplemented; the in-memory server of `caravel dev` has none)",
                        "look a job up with `caravel job describe ID`, or run a full server such as "
                                + "`temporal server start-dev`");
            }
            OutputFormat format = job.root.output();
            if (format == OutputFormat.table) {
                Table t = new Table("ID", "Name", "Type", "State", "Created");
                rows.forEach(r -> t.row(r.id(), r.name(), r.type(), r.state(), Times.instant(r.created())));
                out.print(t.render());
            } else {
                out.print(OutputFormat.structured(format, rows.stream().map(Row::asMap).toList()));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static Row row(WorkflowExecutionMetadata m) {
        io.temporal.common.SearchAttributes attributes = m.getTypedSearchAttributes();
        String state = attributes.containsKey(SearchAttributes.JOB_STATE) ? attributes.get(SearchAttributes.JOB_STATE)
                : state(m.getStatus());
        String type = memo(m, "Type");
        if (type.isEmpty() && attributes.containsKey(SearchAttributes.JOB_TYPE)) {
            type = attributes.get(SearchAttributes.JOB_TYPE);
        }
        return new Row(m.getExecution().getWorkflowId(), memo(m, "Name"), type, state, m.getStartTime());
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

    record Row(String id, String name, String type, String state, Instant created) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ID", id);
            m.put("Name", name);
            m.put("Type", type);
            m.put("State", state);
            m.put("CreateTime", created == null ? "" : created.toString());
            return m;
        }
    }
}
