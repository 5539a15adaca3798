package io.caravel.cli.faults;

import io.caravel.api.model.Job;
import io.caravel.api.spec.JobSpecWriter;
import io.caravel.api.spec.JobSpecs;
import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.NodeRegistryWorkflow;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.JobResult;
import io.caravel.workflows.model.NodeInfo;
import io.caravel.workflows.model.StopResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Submits jobs to, and reads them back from, one Temporal server through the Temporal Java client
 * with Caravel's data converter, as {@code caravel job run} does. Every read rides out a server
 * outage: it retries until its own deadline.
 */
final class JobClient implements AutoCloseable {
    private final WorkflowServiceStubs stubs;
    private final WorkflowClient client;

    private JobClient(WorkflowServiceStubs stubs, WorkflowClient client) {
        this.stubs = stubs;
        this.client = client;
    }

    static JobClient connect(String address) {
        WorkflowServiceStubs stubs =
                WorkflowServiceStubs.newServiceStubs(
                        WorkflowServiceStubsOptions.newBuilder()
                                .setTarget(address)
                                .setRpcTimeout(Duration.ofSeconds(10))
                                .build());
        return new JobClient(
                stubs,
                WorkflowClient.newInstance(
                        stubs,
                        WorkflowClientOptions.newBuilder()
                                .setNamespace("default")
                                .setDataConverter(CaravelDataConverter.get())
                                .setIdentity("fault-suite")
                                .build()));
    }

    /**
     * Starts {@code JobWorkflow} with the spec (YAML), as job {@code j-<uuid>}; returns the job id.
     */
    String submit(String specYaml) {
        Job job = JobSpecs.parseSpecFile(specYaml).job();
        String id = JobSpecs.newJobId();
        Job named = JobSpecs.assignIdentity(job, id);
        JobWorkflow stub =
                client.newWorkflowStub(
                        JobWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(id)
                                .setTaskQueue(TaskQueues.DEFAULT)
                                .setMemo(Map.of("Name", named.name(), "Type", named.type()))
                                .build());
        WorkflowClient.start(stub::run, JobSpecWriter.toTree(job));
        return id;
    }

    /**
     * The job's result once it ended: Completed or Stopped as returned, Failed as carried by its
     * {@code JOB_FAILED} failure. Retries through server outages until {@code timeout}.
     *
     * @throws AssertionError when it has not ended by then, or ended without a JobResult
     */
    JobResult awaitEnd(String jobId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
            WorkflowStub stub = client.newUntypedWorkflowStub(jobId);
            try {
                return stub.getResult(Math.min(left, 10), TimeUnit.SECONDS, JobResult.class);
            } catch (TimeoutException e) {
                // still running
            } catch (WorkflowFailedException e) {
                if (e.getCause() instanceof ApplicationFailure a
                        && JobWorkflow.JOB_FAILED.equals(a.getType())
                        && a.getDetails().getSize() > 0) {
                    return a.getDetails().get(JobResult.class);
                }
                throw new AssertionError(
                        "job " + jobId + " ended without a JobResult: " + e.getCause(), e);
            } catch (RuntimeException e) {
                // the server is down or restarting
                last = e;
                Await.sleep(Duration.ofSeconds(1));
            }
        }
        throw new AssertionError(
                "job "
                        + jobId
                        + " did not end within "
                        + timeout.toSeconds()
                        + " s"
                        + describe(jobId)
                                .map(
                                        d ->
                                                "; it is "
                                                        + d.state()
                                                        + " ("
                                                        + d.message()
                                                        + "), executions "
                                                        + d.executions())
                                .orElse("")
                        + (last == null ? "" : "; last error: " + last));
    }

    /**
     * {@link #awaitEnd} of each job, all within one {@code timeout}; the results in the order of
     * {@code jobIds}.
     */
    List<JobResult> awaitEnds(List<String> jobIds, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JobResult> results = new ArrayList<>();
        for (String id : jobIds) {
            results.add(
                    awaitEnd(
                            id,
                            Duration.ofNanos(
                                    Math.max(1_000_000_000L, deadline - System.nanoTime()))));
        }
        return results;
    }

    /** The {@code describe} query, or empty while the server or the workflow cannot answer. */
    Optional<JobDescription> describe(String jobId) {
        try {
            return Optional.of(
                    client.newUntypedWorkflowStub(jobId).query("describe", JobDescription.class));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The run IDs of the job's workflow, newest first, following each run back to the one it
     * continued.
     */
    List<String> runs(String jobId) {
        List<String> runs = new ArrayList<>();
        String runId = "";
        do {
            var history =
                    runId.isEmpty()
                            ? client.fetchHistory(jobId)
                            : client.fetchHistory(jobId, runId);
            runs.add(history.getWorkflowExecution().getRunId());
            runId =
                    history.getEvents()
                            .get(0)
                            .getWorkflowExecutionStartedEventAttributes()
                            .getContinuedExecutionRunId();
        } while (!runId.isEmpty());
        return runs;
    }

    /** Stops the job as {@code caravel job stop} does and returns once it is stopped. */
    StopResult stop(String jobId) {
        return client.newWorkflowStub(JobWorkflow.class, jobId).stop("stopped by the fault suite");
    }

    /**
     * The node as the registry last heard of it, or empty (unknown, or the server does not answer).
     */
    Optional<NodeInfo> node(String nodeId) {
        return allNodes().stream().filter(n -> n.nodeId().equals(nodeId)).findFirst();
    }

    List<NodeInfo> allNodes() {
        try {
            return client.newWorkflowStub(
                            NodeRegistryWorkflow.class, NodeRegistryWorkflow.WORKFLOW_ID)
                    .allNodes();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        stubs.shutdownNow();
    }
}
