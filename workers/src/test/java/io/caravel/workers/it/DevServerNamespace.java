package io.caravel.workers.it;

import com.google.protobuf.util.Durations;
import io.caravel.activities.node.RegistryActivitiesImpl;
import io.caravel.api.model.Job;
import io.caravel.api.spec.JobSpecWriter;
import io.caravel.api.spec.JobSpecs;
import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.JobWorkflowImpl;
import io.caravel.workflows.NodeRegistryWorkflowImpl;
import io.caravel.workflows.OrchestrationSettings;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.model.JobDescription;
import io.temporal.api.operatorservice.v1.DeleteNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.UUID;

/**
 * The cluster's workflow worker (job and registry workflows, the registry activity) on the real dev
 * server ({@link DevServerWorker#ADDRESS}), in a namespace of its own that is deleted on close: no
 * other worker on the server (another test, an older build) takes its tasks, and its node registry
 * lists only the nodes the test starts. Nodes are {@link TestNode}s given {@link #client}. Unlike
 * the Java test server, the dev server hands a task to the poller that waited longest, so retried
 * claims reach every node in turn, as in production.
 */
final class DevServerNamespace implements AutoCloseable {
    final String namespace = "caravel-it-" + UUID.randomUUID().toString().substring(0, 8);
    final WorkflowServiceStubs stubs;
    final WorkflowClient client;
    private final WorkerFactory workers;

    DevServerNamespace(OrchestrationSettings settings) throws InterruptedException {
        stubs =
                WorkflowServiceStubs.newServiceStubs(
                        WorkflowServiceStubsOptions.newBuilder()
                                .setTarget(DevServerWorker.ADDRESS)
                                .validateAndBuildWithDefaults());
        stubs.blockingStub()
                .registerNamespace(
                        RegisterNamespaceRequest.newBuilder()
                                .setNamespace(namespace)
                                .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1))
                                .build());
        awaitNamespace();
        client =
                WorkflowClient.newInstance(
                        stubs,
                        WorkflowClientOptions.newBuilder()
                                .setNamespace(namespace)
                                .setDataConverter(CaravelDataConverter.get())
                                .build());
        workers = WorkerFactory.newInstance(client);
        Worker worker = workers.newWorker(TaskQueues.DEFAULT);
        JobWorkflowImpl.register(worker, settings);
        NodeRegistryWorkflowImpl.register(worker, settings);
        NodeRegistryWorkflowImpl.register(workers.newWorker(TaskQueues.REGISTRY), settings);
        worker.registerActivitiesImplementations(new RegistryActivitiesImpl(client));
        workers.start();
    }

    private void awaitNamespace() throws InterruptedException {
        RuntimeException last = null;
        for (int i = 0; i < 100; i++) {
            try {
                stubs.blockingStub()
                        .describeNamespace(
                                DescribeNamespaceRequest.newBuilder()
                                        .setNamespace(namespace)
                                        .build());
                return;
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(
                "namespace " + namespace + " was not usable after 10 s", last);
    }

    /** Starts the job from a spec file's text and returns its stub. */
    WorkflowStub submit(String specYaml) {
        Job job = JobSpecs.parseSpecFile(specYaml).job();
        JobWorkflow stub =
                client.newWorkflowStub(
                        JobWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(JobSpecs.newJobId())
                                .setTaskQueue(TaskQueues.DEFAULT)
                                .setWorkflowExecutionTimeout(Duration.ofMinutes(2))
                                .build());
        WorkflowClient.start(stub::run, JobSpecWriter.toTree(job));
        return WorkflowStub.fromTyped(stub);
    }

    JobDescription describe(WorkflowStub stub) {
        return stub.query("describe", JobDescription.class);
    }

    /** Stops the workflow worker and deletes the namespace with everything in it. */
    @Override
    public void close() {
        workers.shutdownNow();
        OperatorServiceStubs operator =
                OperatorServiceStubs.newServiceStubs(
                        OperatorServiceStubsOptions.newBuilder()
                                .setTarget(DevServerWorker.ADDRESS)
                                .validateAndBuildWithDefaults());
        try {
            operator.blockingStub()
                    .deleteNamespace(
                            DeleteNamespaceRequest.newBuilder().setNamespace(namespace).build());
        } finally {
            operator.shutdownNow();
            stubs.shutdownNow();
        }
    }
}
