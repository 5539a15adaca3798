package io.caravel.cli;

import io.caravel.api.model.ExecutionStateType;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobDescription;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The latest progress line of each execution's running step (staging, running, publishing), read
 * from the heartbeat details of the job workflow's pending activities — what the node reports, such
 * as {@code staged 2 of 3 inputs, 1.50 MiB} or {@code publishing 3.10 MiB of results with local}. A
 * pending activity does not say which execution it serves, so it is matched by step: a step's
 * progress is shown only when exactly one execution of the job is in that step's state.
 */
final class StepProgress {
    /** The steps that heartbeat, by activity type, and the execution state while they run. */
    private static final Map<String, ExecutionStateType> STEPS =
            Map.of(
                    "StageInputs", ExecutionStateType.BID_ACCEPTED,
                    "Execute", ExecutionStateType.RUNNING,
                    "Publish", ExecutionStateType.PUBLISHING);

    /**
     * The seconds the node appends to each line; left out so that a line changes only with the
     * progress.
     */
    private static final Pattern ELAPSED = Pattern.compile("\\s*\\[\\d+s]$");

    private StepProgress() {}

    /** Progress lines by execution ID; empty when there are none or the server cannot say. */
    static Map<String, String> of(WorkflowClient client, String jobId, JobDescription d) {
        List<PendingActivityInfo> pending;
        try {
            pending =
                    client.getWorkflowServiceStubs()
                            .blockingStub()
                            .describeWorkflowExecution(
                                    DescribeWorkflowExecutionRequest.newBuilder()
                                            .setNamespace(client.getOptions().getNamespace())
                                            .setExecution(
                                                    WorkflowExecution.newBuilder()
                                                            .setWorkflowId(jobId))
                                            .build())
                            .getPendingActivitiesList();
        } catch (RuntimeException e) {
            // Progress is a nicety: the state lines go on without it.
            return Map.of();
        }
        Map<String, String> lines = new HashMap<>();
        for (PendingActivityInfo activity : pending) {
            ExecutionStateType state = STEPS.get(activity.getActivityType().getName());
            if (state == null || !activity.hasHeartbeatDetails()) {
                continue;
            }
            List<ExecutionRecord> inState =
                    d.executions().stream().filter(e -> e.state() == state).toList();
            if (inState.size() != 1) {
                continue;
            }
            line(client, activity).ifPresent(l -> lines.put(inState.get(0).id(), l));
        }
        return lines;
    }

    private static Optional<String> line(WorkflowClient client, PendingActivityInfo activity) {
        try {
            String text =
                    client.getOptions()
                            .getDataConverter()
                            .fromPayloads(
                                    0,
                                    Optional.of(activity.getHeartbeatDetails()),
                                    String.class,
                                    String.class);
            return Optional.ofNullable(text)
                    .map(t -> ELAPSED.matcher(t).replaceFirst("").strip())
                    .filter(t -> !t.isEmpty());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
