package io.caravel.workflows;

import io.caravel.workflows.model.JobResult;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Temporal test server with the job and registry workflows on the default queue, a fake registry,
 * one fake placement service on both placement queues, and fake nodes on their own queues. Add
 * nodes before {@link #start()}.
 */
final class TestCluster implements AutoCloseable {
    /**
     * Short real-time timeouts: the test server does not skip time while an activity is pending.
     */
    static final OrchestrationSettings SETTINGS =
            OrchestrationSettings.builder()
                    .nodeScheduleToStart(Duration.ofSeconds(1))
                    .heartbeatTimeout(Duration.ofSeconds(1))
                    .nodeGracePeriod(Duration.ofSeconds(1))
                    .placementRetry(Duration.ofMillis(100))
                    .maxAttempts(3)
                    .build();

    final TestWorkflowEnvironment env;
    final WorkflowClient client;
    final FakeRegistry registry = new FakeRegistry();
    final FakePlacement placement = new FakePlacement();
    final Map<String, FakeNode> nodes = new LinkedHashMap<>();

    TestCluster() {
        this(SETTINGS);
    }

    TestCluster(OrchestrationSettings settings) {
        // Real time, no time skipping: the fake nodes heartbeat and sleep in real time, and a skip
        // taken while a client waits for a result could fire their heartbeat and queue timers early
        // (the test server's lockTimeSkipping calls are also what used to hang now and then).
        env =
                TestWorkflowEnvironment.newInstance(
                        TestEnvironmentOptions.newBuilder()
                                .setUseTimeskipping(false)
                                .setWorkflowClientOptions(
                                        WorkflowClientOptions.newBuilder()
                                                .setDataConverter(CaravelDataConverter.get())
                                                .build())
                                .build());
        client = env.getWorkflowClient();
        Worker main = env.newWorker(TaskQueues.DEFAULT);
        JobWorkflowImpl.register(main, settings);
        NodeRegistryWorkflowImpl.register(main, settings);
        main.registerActivitiesImplementations(registry);
        env.newWorker(TaskQueues.PLACEMENT_CPU).registerActivitiesImplementations(placement);
        env.newWorker(TaskQueues.PLACEMENT_GPU).registerActivitiesImplementations(placement);
    }

    /** A live node: it polls its own queue and is listed by the registry. */
    FakeNode node(String id) {
        FakeNode node = deadNode(id);
        node.worker = env.newWorker(node.queue());
        node.worker.registerActivitiesImplementations(node, placement);
        return node;
    }

    /** A node the registry still lists but that polls nothing: it died after its last heartbeat. */
    FakeNode deadNode(String id) {
        FakeNode node = new FakeNode(id);
        node.placement = placement;
        nodes.put(id, node);
        registry.nodes.add(FakeRegistry.node(id, 0, Map.of()));
        return node;
    }

    TestCluster start() {
        env.start();
        return this;
    }

    JobWorkflow newJob(String workflowId) {
        return client.newWorkflowStub(
                JobWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(workflowId)
                        .setTaskQueue(TaskQueues.DEFAULT)
                        .build());
    }

    /** Starts a job with a fresh ID and returns its stub. */
    JobWorkflow startJob(Map<String, Object> job) {
        JobWorkflow stub = newJob("j-" + UUID.randomUUID());
        WorkflowClient.start(stub::run, job);
        return stub;
    }

    /** Runs a job to its end (a Failed job throws). */
    JobResult run(Map<String, Object> job) {
        JobWorkflow stub = startJob(job);
        return WorkflowStub.fromTyped(stub).getResult(JobResult.class);
    }

    static String id(JobWorkflow stub) {
        return WorkflowStub.fromTyped(stub).getExecution().getWorkflowId();
    }

    /** How many local activities a workflow recorded. */
    long localActivityMarkers(String workflowId) {
        return env.getWorkflowClient().fetchHistory(workflowId).getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
                .filter(
                        e ->
                                e.getMarkerRecordedEventAttributes()
                                        .getMarkerName()
                                        .equals("LocalActivity"))
                .count();
    }

    /** The activities scheduled by a workflow, as {@code "<type> <task queue>"}. */
    List<String> scheduledActivities(String workflowId) {
        return env.getWorkflowClient().fetchHistory(workflowId).getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .map(HistoryEvent::getActivityTaskScheduledEventAttributes)
                .map(a -> a.getActivityType().getName() + " " + a.getTaskQueue().getName())
                .toList();
    }

    /**
     * The summaries the Temporal UI shows for a workflow's activities, as {@code "<type>:
     * <summary>"}.
     */
    List<String> activitySummaries(String workflowId) {
        return env.getWorkflowClient().fetchHistory(workflowId).getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .map(
                        e ->
                                e.getActivityTaskScheduledEventAttributes()
                                                .getActivityType()
                                                .getName()
                                        + ": "
                                        + CaravelDataConverter.get()
                                                .fromPayload(
                                                        e.getUserMetadata().getSummary(),
                                                        String.class,
                                                        String.class))
                .toList();
    }

    /** The run IDs of a workflow, newest first, following each run back to the one it continued. */
    List<String> runs(String workflowId) {
        List<String> runs = new java.util.ArrayList<>();
        String runId = "";
        do {
            var history =
                    runId.isEmpty()
                            ? client.fetchHistory(workflowId)
                            : client.fetchHistory(workflowId, runId);
            runs.add(history.getWorkflowExecution().getRunId());
            runId =
                    history.getEvents()
                            .get(0)
                            .getWorkflowExecutionStartedEventAttributes()
                            .getContinuedExecutionRunId();
        } while (!runId.isEmpty());
        return runs;
    }

    @Override
    public void close() {
        nodes.values().forEach(n -> n.shutdown.countDown());
        env.close();
    }
}
