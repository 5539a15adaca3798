package io.caravel.workers.fencing;

import io.caravel.api.model.JobType;
import io.caravel.workflows.JobChunkWorkflow;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.model.ChunkInfo;
import io.caravel.workflows.model.ExecutionPage;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobDescription;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks Temporal whether an execution is still wanted: its job's workflow (or, for a job run in
 * chunks, the chunk that holds it) runs and still counts the execution as live (not completed,
 * failed or cancelled: not placed again elsewhere, stopped or timed out). Every doubt (the server
 * or the workflow's workers cannot answer) is "unknown", never "superseded": fencing must only kill
 * what is certainly superseded.
 */
public final class ExecutionStanding {
    /** What Temporal says of one execution. */
    public enum Standing {
        LIVE,
        SUPERSEDED,
        UNKNOWN
    }

    private final WorkflowClient client;

    public ExecutionStanding(WorkflowClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    private static boolean longRunning(JobDescription description) {
        return description.job() != null
                && JobType.parse(description.job().type())
                        .map(JobType::isLongRunning)
                        .orElse(false);
    }

    /** The standing of execution {@code executionId} of job {@code jobId}. */
    public Standing of(String jobId, String executionId) {
        WorkflowStub job = client.newUntypedWorkflowStub(jobId, Optional.empty(), Optional.empty());
        try {
            if (job.describe().getStatus()
                    != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                return Standing.SUPERSEDED;
            }
            JobDescription description =
                    client.newWorkflowStub(JobWorkflow.class, jobId).describe();
            Optional<ExecutionRecord> execution =
                    description.executions().stream()
                            .filter(e -> executionId.equals(e.id()))
                            .findFirst();
            if (execution.isEmpty()) {
                // A service or daemon job hands every execution that may still run to its next run
                // when it continues as new, and drops only ended ones: one it does not know has
                // ended.
                return longRunning(description)
                        ? Standing.SUPERSEDED
                        : inChunks(description, executionId);
            }
            return standing(execution.get());
        } catch (WorkflowNotFoundException e) {
            return Standing.SUPERSEDED;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode() == Status.Code.NOT_FOUND
                    ? Standing.SUPERSEDED
                    : Standing.UNKNOWN;
        } catch (RuntimeException e) {
            return Standing.UNKNOWN;
        }
    }

    /**
     * The standing of an execution of a job run in chunks: a chunk that holds it and has ended has
     * ended all of its executions.
     */
    private Standing inChunks(JobDescription job, String executionId) {
        for (ChunkInfo c : job.chunks()) {
            Optional<ExecutionRecord> execution =
                    find(
                            client.newWorkflowStub(JobChunkWorkflow.class, c.workflowId()),
                            executionId);
            if (execution.isPresent()) {
                boolean running =
                        client.newUntypedWorkflowStub(
                                                c.workflowId(), Optional.empty(), Optional.empty())
                                        .describe()
                                        .getStatus()
                                == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
                return running ? standing(execution.get()) : Standing.SUPERSEDED;
            }
        }
        return Standing.UNKNOWN;
    }

    private static Optional<ExecutionRecord> find(JobChunkWorkflow chunk, String executionId) {
        int offset = 0;
        while (true) {
            ExecutionPage page = chunk.executions(offset, ExecutionPage.MAX_ITEMS);
            Optional<ExecutionRecord> found =
                    page.items().stream().filter(e -> executionId.equals(e.id())).findFirst();
            offset += page.items().size();
            if (found.isPresent() || page.items().isEmpty() || offset >= page.total()) {
                return found;
            }
        }
    }

    private static Standing standing(ExecutionRecord execution) {
        return execution.state() != null && execution.state().isTerminal()
                ? Standing.SUPERSEDED
                : Standing.LIVE;
    }
}
