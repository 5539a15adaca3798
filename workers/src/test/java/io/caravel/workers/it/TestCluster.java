package io.caravel.workers.it;

import io.caravel.activities.node.RegistryActivitiesImpl;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.Job;
import io.caravel.api.spec.JobSpecWriter;
import io.caravel.api.spec.JobSpecs;
import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.JobWorkflowImpl;
import io.caravel.workflows.NodeRegistryWorkflowImpl;
import io.caravel.workflows.OrchestrationSettings;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.examples.FanOutFanInWorkflowImpl;
import io.caravel.workflows.model.JobDescription;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;

/**
 * A Temporal test server with the cluster's workflow worker (job and registry workflows, the
 * registry activity). Nodes are added as {@link TestNode}s with their own clients, as separate
 * hosts would have. Lost nodes are noticed within seconds here.
 */
public final class TestCluster implements AutoCloseable {
    static final OrchestrationSettings FAST =
            OrchestrationSettings.builder()
                    .nodeScheduleToStart(Duration.ofSeconds(3))
                    .heartbeatTimeout(Duration.ofSeconds(3))
                    .placementRetry(Duration.ofMillis(200))
                    .build();

    final TestWorkflowEnvironment env;

    public TestCluster() {
        this(FAST);
    }

    /** With {@code settings} for the job workflows (timeouts, retries) instead of {@link #FAST}. */
    TestCluster(OrchestrationSettings settings) {
        env =
                TestWorkflowEnvironment.newInstance(
                        TestEnvironmentOptions.newBuilder()
                                .setUseTimeskipping(false)
                                .setWorkflowClientOptions(
                                        WorkflowClientOptions.newBuilder()
                                                .setDataConverter(CaravelDataConverter.get())
                                                .build())
                                .build());
        Worker workflows = env.newWorker(TaskQueues.DEFAULT);
        JobWorkflowImpl.register(workflows, settings);
        NodeRegistryWorkflowImpl.register(workflows, settings);
        NodeRegistryWorkflowImpl.register(env.newWorker(TaskQueues.REGISTRY), settings);
        workflows.registerWorkflowImplementationTypes(FanOutFanInWorkflowImpl.class);
        workflows.registerActivitiesImplementations(
                new RegistryActivitiesImpl(env.getWorkflowClient()));
        env.start();
    }

    /** A client of its own, as a separate host would have. */
    public WorkflowClient newClient() {
        return WorkflowClient.newInstance(
                env.getWorkflowServiceStubs(),
                WorkflowClientOptions.newBuilder()
                        .setNamespace(env.getNamespace())
                        .setDataConverter(CaravelDataConverter.get())
                        .build());
    }

    /** Starts the job from a spec file's text and returns its stub. */
    public WorkflowStub submit(String specYaml) {
        Job job = JobSpecs.parseSpecFile(specYaml).job();
        String id = JobSpecs.newJobId();
        JobWorkflow stub =
                env.getWorkflowClient()
                        .newWorkflowStub(
                                JobWorkflow.class,
                                WorkflowOptions.newBuilder()
                                        .setWorkflowId(id)
                                        .setTaskQueue(TaskQueues.DEFAULT)
                                        .setWorkflowExecutionTimeout(Duration.ofMinutes(2))
                                        .build());
        WorkflowClient.start(stub::run, JobSpecWriter.toTree(job));
        return WorkflowStub.fromTyped(stub);
    }

    JobDescription describe(WorkflowStub stub) {
        return stub.query("describe", JobDescription.class);
    }

    /** Waits until an execution of {@code job} runs on {@code node}. */
    void awaitRunningOn(WorkflowStub job, String node) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            boolean running =
                    describe(job).executions().stream()
                            .anyMatch(
                                    e ->
                                            e.nodeId().equals(node)
                                                    && e.state() == ExecutionStateType.RUNNING);
            if (running) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the execution never ran on " + node + ": " + describe(job));
    }

    @Override
    public void close() {
        env.close();
    }
}
