package io.caravel.cli;

import com.google.protobuf.ByteString;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.SearchAttributes;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.converter.DataConverter;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jobs from Temporal's visibility store a page at a time, newest first, as {@code job list} and the
 * API server's job list read them. Name and type come from the memo {@code job run} sets (empty for
 * jobs started otherwise); the state from the {@code CaravelJobState} search attribute when the
 * worker keeps it, else from the workflow status. Page tokens are Temporal's, base64url.
 */
public final class JobPages {
    /** Every job workflow. */
    public static final String QUERY = "WorkflowType = '" + JobWorkflow.TYPE + "'";

    /** The memo key of the job's labels, by which the API server filters a page of jobs. */
    public static final String MEMO_LABELS = "Labels";

    private JobPages() {}

    /** One page in the store's order and the token of the next ({@code ""} on the last page). */
    public record Page(List<Row> rows, String nextToken) {}

    /**
     * The page of {@code filter} (a visibility query) after {@code nextToken} (none: the first).
     *
     * @throws IllegalArgumentException when {@code nextToken} is not base64url
     * @throws io.grpc.StatusRuntimeException from the server: UNIMPLEMENTED where it cannot list,
     *     INVALID_ARGUMENT for a bad query
     */
    public static Page page(WorkflowClient client, String filter, int limit, String nextToken) {
        ListWorkflowExecutionsRequest.Builder request =
                ListWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .setQuery(filter)
                        .setPageSize(limit);
        if (nextToken != null && !nextToken.isBlank()) {
            request.setNextPageToken(
                    ByteString.copyFrom(Base64.getUrlDecoder().decode(nextToken.strip())));
        }
        ListWorkflowExecutionsResponse response =
                client.getWorkflowServiceStubs()
                        .blockingStub()
                        .listWorkflowExecutions(request.build());
        DataConverter converter = client.getOptions().getDataConverter();
        List<Row> rows =
                response.getExecutionsList().stream()
                        .map(
                                info ->
                                        row(
                                                new WorkflowExecutionMetadata(info, converter),
                                                client.getOptions().getNamespace()))
                        .toList();
        String token =
                response.getNextPageToken().isEmpty()
                        ? ""
                        : Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(response.getNextPageToken().toByteArray());
        return new Page(rows, token);
    }

    private static Row row(WorkflowExecutionMetadata m, String defaultNamespace) {
        io.temporal.common.SearchAttributes attributes = m.getTypedSearchAttributes();
        String state =
                attributes.containsKey(SearchAttributes.JOB_STATE)
                        ? attributes.get(SearchAttributes.JOB_STATE)
                        : state(m.getStatus());
        String type = memo(m, "Type");
        if (type.isEmpty() && attributes.containsKey(SearchAttributes.JOB_TYPE)) {
            type = attributes.get(SearchAttributes.JOB_TYPE);
        }
        String name = memo(m, "Name");
        if (name.isEmpty() && attributes.containsKey(SearchAttributes.JOB_NAME)) {
            name = attributes.get(SearchAttributes.JOB_NAME);
        }
        String namespace =
                attributes.containsKey(SearchAttributes.JOB_NAMESPACE)
                        ? attributes.get(SearchAttributes.JOB_NAMESPACE)
                        : defaultNamespace;
        return new Row(
                m.getExecution().getWorkflowId(),
                name,
                namespace,
                memo(m, "Engine"),
                type,
                state,
                m.getStartTime(),
                labels(m));
    }

    static String memo(WorkflowExecutionMetadata m, String key) {
        try {
            String v = m.getMemo(key, String.class, String.class);
            return v == null ? "" : v;
        } catch (RuntimeException e) {
            return "";
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(WorkflowExecutionMetadata m) {
        try {
            Map<String, String> v = m.getMemo(MEMO_LABELS, Map.class, Map.class);
            return v == null ? Map.of() : Map.copyOf(v);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** The job state a workflow status implies when the search attribute is not kept. */
    static String state(WorkflowExecutionStatus status) {
        return switch (status) {
            case WORKFLOW_EXECUTION_STATUS_RUNNING -> "Running";
            case WORKFLOW_EXECUTION_STATUS_COMPLETED -> "Completed";
            case WORKFLOW_EXECUTION_STATUS_FAILED, WORKFLOW_EXECUTION_STATUS_TIMED_OUT -> "Failed";
            case WORKFLOW_EXECUTION_STATUS_CANCELED, WORKFLOW_EXECUTION_STATUS_TERMINATED ->
                    "Stopped";
            default -> status.name();
        };
    }

    /**
     * One job. As JSON/YAML it keeps the shape of the jobs Bacalhau's {@code job list --output
     * json} prints ({@code State.StateType}, {@code Tasks[0].Engine.Type}, {@code CreateTime} in
     * Unix nanoseconds), with only the fields the visibility store holds.
     */
    public record Row(
            String id,
            String name,
            String namespace,
            String engine,
            String type,
            String state,
            Instant created,
            Map<String, String> labels) {
        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ID", id);
            m.put("Name", name);
            m.put("Namespace", namespace);
            m.put("Type", type);
            m.put("State", Map.of("StateType", state));
            m.put(
                    "Tasks",
                    engine.isEmpty()
                            ? List.of()
                            : List.of(Map.of("Engine", Map.of("Type", engine))));
            m.put("CreateTime", createNanos());
            return m;
        }

        /** The creation time in Unix nanoseconds, as Bacalhau's {@code CreateTime}. */
        public long createNanos() {
            return created == null
                    ? 0L
                    : created.getEpochSecond() * 1_000_000_000L + created.getNano();
        }
    }
}
