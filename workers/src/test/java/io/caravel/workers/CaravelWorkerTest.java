package io.caravel.workers;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.placement.NodeLedger;
import io.caravel.api.quantity.Resources;
import io.caravel.workers.registry.NodeDescription;
import io.caravel.workers.registry.NodeHeartbeater;
import io.caravel.workers.registry.RecordingRegistry;
import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.NodeRegistryWorkflow;
import io.caravel.workflows.TaskQueues;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CaravelWorkerTest {
    private static final String NODE = "n1";

    private TestWorkflowEnvironment env;
    private WorkflowClient client;
    private CaravelWorker worker;
    private Supplier<String> nodeAnswer = () -> "node";

    @BeforeEach
    void startServer() {
        env =
                TestWorkflowEnvironment.newInstance(
                        TestEnvironmentOptions.newBuilder()
                                .setUseTimeskipping(false)
                                .setWorkflowClientOptions(
                                        WorkflowClientOptions.newBuilder()
                                                .setDataConverter(CaravelDataConverter.get())
                                                .build())
                                .build());
        // The worker gets its own client over the environment's service stubs, as in production.
        client =
                WorkflowClient.newInstance(
                        env.getWorkflowServiceStubs(),
                        WorkflowClientOptions.newBuilder()
                                .setNamespace(env.getNamespace())
                                .setDataConverter(CaravelDataConverter.get())
                                .build());
    }

    @AfterEach
    void stopServer() {
        if (worker != null) {
            worker.stop();
        }
        env.close();
    }

    private CaravelWorker worker(NodeLedger ledger, Duration grace) {
        Registrar registrar =
                new Registrar() {
                    @Override
                    public void registerDefault(Worker w) {
                        w.registerWorkflowImplementationTypes(
                                Probes.ProbeWorkflowImpl.class, RecordingRegistry.class);
                    }

                    @Override
                    public void registerNode(Worker w, String nodeId) {
                        w.registerActivitiesImplementations(
                                new Probes.ProbeImpl(() -> nodeAnswer.get() + ":" + nodeId));
                    }

                    @Override
                    public void registerPlacement(Worker w, String taskQueue) {
                        w.registerActivitiesImplementations(
                                new Probes.ProbeImpl(
                                        () ->
                                                taskQueue
                                                        + (ledger.hasFreeCapacity()
                                                                ? " with room"
                                                                : " while full")));
                    }
                };
        NodeDescription description =
                new NodeDescription(
                        NODE,
                        ledger,
                        Map.of(),
                        Set.of("noop"),
                        Set.of(),
                        Set.of(),
                        Set.of(),
                        List.of(),
                        "");
        worker =
                new CaravelWorker(
                        client,
                        new CaravelWorker.Settings(NODE, 2, grace),
                        ledger,
                        registrar,
                        new NodeHeartbeater(client, description, Duration.ofMillis(100)));
        return worker;
    }

    private String probe(String queue) {
        return client.newWorkflowStub(
                        Probes.ProbeWorkflow.class,
                        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.DEFAULT).build())
                .probe(queue);
    }

    private static NodeLedger ledger(int gpus) {
        List<Integer> indices = gpus == 0 ? List.of() : List.of(0);
        return new NodeLedger(new Resources(2_000, 4L << 30, 10L << 30, 0), indices);
    }

    @Test
    void pollsTheDefaultNodeAndPlacementQueuesAndStopsCleanly() throws InterruptedException {
        CaravelWorker w = worker(ledger(1), Duration.ofSeconds(5));

        w.start();

        assertThat(w.taskQueues())
                .containsExactly(
                        TaskQueues.DEFAULT,
                        TaskQueues.REGISTRY,
                        "caravel-node-n1",
                        TaskQueues.PLACEMENT_CPU,
                        TaskQueues.PLACEMENT_GPU);
        assertThat(probe(TaskQueues.node(NODE))).isEqualTo("node:n1");
        assertThat(probe(TaskQueues.PLACEMENT_CPU)).isEqualTo("caravel-place-cpu with room");
        assertThat(probe(TaskQueues.PLACEMENT_GPU)).isEqualTo("caravel-place-gpu with room");
        NodeRegistryWorkflow registry =
                client.newWorkflowStub(
                        NodeRegistryWorkflow.class, NodeRegistryWorkflow.WORKFLOW_ID);
        assertThat(registry.nodes()).extracting(n -> n.nodeId()).containsExactly(NODE);

        w.stop();
        w.awaitStopped();

        assertThat(w.isRunning()).isFalse();
        // No worker answers queries now; the leave signal is in the registry's history.
        assertThat(
                        client.fetchHistory(NodeRegistryWorkflow.WORKFLOW_ID).getEvents().stream()
                                .filter(e -> e.hasWorkflowExecutionSignaledEventAttributes())
                                .map(
                                        e ->
                                                e.getWorkflowExecutionSignaledEventAttributes()
                                                        .getSignalName()))
                .contains("heartbeat")
                .last()
                .isEqualTo("leave");
        w.stop();
    }

    @Test
    void aNodeWithoutGpusDoesNotPollTheGpuQueue() {
        CaravelWorker w = worker(ledger(0), Duration.ofSeconds(5));

        w.start();

        assertThat(w.taskQueues())
                .containsExactly(
                        TaskQueues.DEFAULT,
                        TaskQueues.REGISTRY,
                        "caravel-node-n1",
                        TaskQueues.PLACEMENT_CPU);
    }

    @Test
    void aFullNodeTakesNoPlacementTaskUntilItHasRoom() throws Exception {
        NodeLedger ledger = ledger(0);
        ledger.tryReserve("e-1", new Resources(2_000, 1L << 30, 0, 0));
        CaravelWorker w = worker(ledger, Duration.ofSeconds(5));
        w.start();

        WorkflowStub stub =
                client.newUntypedWorkflowStub(
                        "ProbeWorkflow",
                        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.DEFAULT).build());
        WorkflowExecution execution = stub.start(TaskQueues.PLACEMENT_CPU);
        while (pendingActivities(execution) == 0) {
            Thread.sleep(20);
        }
        // Give a placement worker that ignored the full ledger time to take the task.
        Thread.sleep(500);
        assertThat(pendingActivities(execution)).isEqualTo(1);

        ledger.release("e-1");

        assertThat(stub.getResult(30, TimeUnit.SECONDS, String.class))
                .isEqualTo("caravel-place-cpu with room");
    }

    private int pendingActivities(WorkflowExecution execution) {
        return env.getWorkflowServiceStubs()
                .blockingStub()
                .describeWorkflowExecution(
                        DescribeWorkflowExecutionRequest.newBuilder()
                                .setNamespace(env.getNamespace())
                                .setExecution(execution)
                                .build())
                .getPendingActivitiesCount();
    }

    @Test
    void stopLetsARunningActivityFinishWithinTheGracePeriod() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        nodeAnswer =
                () -> {
                    running.countDown();
                    try {
                        finish.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return "interrupted";
                    }
                    return "finished";
                };
        CaravelWorker w = worker(ledger(0), Duration.ofSeconds(30));
        w.start();
        WorkflowStub stub =
                client.newUntypedWorkflowStub(
                        "ProbeWorkflow",
                        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.DEFAULT).build());
        stub.start(TaskQueues.node(NODE));
        running.await();

        ExecutorService stopper = Executors.newSingleThreadExecutor();
        Future<?> stopping = stopper.submit(w::stop);
        Thread.sleep(200);
        assertThat(stopping).isNotDone();
        finish.countDown();
        stopping.get(30, TimeUnit.SECONDS);
        stopper.shutdown();

        // The activity finished and its result reached the server before the worker stopped.
        assertThat(
                        client
                                .fetchHistory(stub.getExecution().getWorkflowId())
                                .getEvents()
                                .stream()
                                .filter(e -> e.hasActivityTaskCompletedEventAttributes())
                                .map(
                                        e ->
                                                e.getActivityTaskCompletedEventAttributes()
                                                        .getResult()
                                                        .getPayloads(0)
                                                        .getData()
                                                        .toStringUtf8()))
                .containsExactly("\"finished:n1\"");
    }

    @Test
    void stopInterruptsWhatIsStillRunningAfterTheGracePeriod() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        nodeAnswer =
                () -> {
                    running.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                    }
                    return "interrupted";
                };
        CaravelWorker w = worker(ledger(0), Duration.ofMillis(200));
        w.start();
        WorkflowClient.start(
                client.newWorkflowStub(
                                Probes.ProbeWorkflow.class,
                                WorkflowOptions.newBuilder()
                                        .setTaskQueue(TaskQueues.DEFAULT)
                                        .build())
                        ::probe,
                TaskQueues.node(NODE));
        running.await();

        w.stop();

        assertThat(interrupted).isTrue();
        assertThat(w.isRunning()).isFalse();
    }
}
