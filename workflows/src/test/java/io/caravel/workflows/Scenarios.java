package io.caravel.workflows;

import io.caravel.workflows.FakeNode.Execute;
import io.caravel.workflows.activities.NodeRefusal;
import io.caravel.workflows.model.JobResult;
import io.caravel.workflows.model.StopResult;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The replay corpus: one job scenario per shape of history the workflow can write, each run on its
 * own test cluster with fake nodes. {@link RecordHistories} writes their histories to the committed
 * files; {@code ReplayTest} replays the committed files and fresh recordings.
 *
 * <p>The engines, sources and publishers only have to be in the spec: the fake nodes run anything.
 */
final class Scenarios {
    /** A scenario: runs a job to its end and returns the workflow's history. */
    interface Scenario {
        WorkflowExecutionHistory record() throws Exception;
    }

    /** Every scenario by name; the name is the history file's base name. */
    static final Map<String, Scenario> CORPUS = corpus();

    /**
     * Histories of child workflows ({@link JobChunkWorkflow}) by name, recorded and replayed as the
     * corpus.
     */
    static final Map<String, Scenario> CHILDREN =
            Map.of("chunk-1-of-batch-count-5-in-chunks-of-2", Scenarios::chunkOfAChunkedJob);

    private static final OrchestrationSettings CHUNKS_OF_2 =
            TestCluster.SETTINGS.toBuilder()
                    .maxConcurrentPartitions(2)
                    .partitionsPerChunk(2)
                    .build();

    private Scenarios() {}

    private static Map<String, Scenario> corpus() {
        Map<String, Scenario> all = new LinkedHashMap<>();
        all.put(
                "batch-docker-local-count-2",
                () -> completes(Jobs.batch(2), cluster -> cluster.node("n1")));
        all.put(
                "batch-count-5-at-most-2-at-once",
                () ->
                        ends(
                                Jobs.batch(5),
                                "Completed",
                                TestCluster.SETTINGS.toBuilder().maxConcurrentPartitions(2).build(),
                                cluster -> cluster.node("n1")));
        all.put(
                "batch-count-5-in-chunks-of-2",
                () -> ends(Jobs.batch(5), "Completed", CHUNKS_OF_2, cluster -> cluster.node("n1")));
        all.put(
                "batch-wasm-every-source-s3",
                () -> completes(Jobs.wasmReadingEverySource(), cluster -> cluster.node("n1")));
        all.put(
                "batch-wasm-inline-module",
                () -> completes(Jobs.wasmWithInlineModule(), cluster -> cluster.node("n1")));
        all.put(
                "batch-noop-ipfs",
                () -> completes(Jobs.noopPublishingToIpfs(), cluster -> cluster.node("n1")));
        all.put(
                "ops-docker-noop-publisher-2-nodes",
                () ->
                        completes(
                                Jobs.opsWithNoopPublisher(),
                                cluster -> {
                                    cluster.node("n1");
                                    cluster.node("n2");
                                }));
        all.put(
                "api-wrapper-lower-case",
                () -> completes(Jobs.lowerCaseInTheApiWrapper(), cluster -> cluster.node("n1")));
        all.put("stop-while-running", Scenarios::stopWhileRunning);
        all.put("total-timeout", Scenarios::totalTimeout);
        all.put(
                "execution-timeout",
                () ->
                        ends(
                                Jobs.batch(1, "{\"ExecutionTimeout\": 1}"),
                                JobWorkflow.JOB_FAILED,
                                cluster -> cluster.node("n1").execute = Execute.HANG_HEARTBEATING));
        all.put(
                "execution-failed",
                () ->
                        ends(
                                Jobs.batch(1),
                                JobWorkflow.JOB_FAILED,
                                cluster -> cluster.node("n1").execute = Execute.FAIL_FATAL));
        all.put(
                "node-lost-placed-again",
                () ->
                        completes(
                                Jobs.batch(1),
                                cluster -> {
                                    cluster.deadNode("n0");
                                    cluster.node("n1");
                                    cluster.placement.plan.add("n0");
                                }));
        all.put("node-reattached", Scenarios::nodeReattached);
        all.put(
                "no-room-in-time-placed-again",
                () ->
                        completes(
                                Jobs.batch(1),
                                cluster -> cluster.node("n1").execute = Execute.NO_ROOM_ONCE));
        all.put(
                "refusal-reported-then-placed",
                () ->
                        completes(
                                Jobs.batch(1),
                                cluster ->
                                        refusing(
                                                cluster,
                                                new NodeRefusal(
                                                        "n1",
                                                        true,
                                                        "local source refused: volume /x is not allowlisted"))));
        all.put(
                "refused-by-every-node",
                () ->
                        ends(
                                Jobs.batch(1),
                                JobWorkflow.JOB_FAILED,
                                cluster ->
                                        refusing(
                                                cluster,
                                                new NodeRefusal(
                                                        "n1",
                                                        true,
                                                        "local source refused: volume /x is not allowlisted"),
                                                new NodeRefusal(
                                                        "n2",
                                                        true,
                                                        "engine docker not enabled here (enabled: wasm)"))));
        all.put(
                "spec-invalid",
                () ->
                        ends(
                                Jobs.parse(
                                        """
                {"Type": "batch", "Count": -1, "Tasks": [{"Name": "main", "Engine": {"Type": ""}}]}"""),
                                "SPEC_INVALID",
                                cluster -> cluster.node("n1")));
        all.putAll(LongRunningScenarios.corpus());
        all.put(
                "spec-unreadable",
                () -> ends("garbage", "SPEC_UNREADABLE", cluster -> cluster.node("n1")));
        return all;
    }

    /** Records every scenario of the corpus, in order. */
    static Map<String, WorkflowExecutionHistory> recordAll() throws Exception {
        return record(List.copyOf(CORPUS.keySet()));
    }

    /** Records the named scenarios, in order. */
    static Map<String, WorkflowExecutionHistory> record(List<String> names) throws Exception {
        Map<String, WorkflowExecutionHistory> all = new LinkedHashMap<>();
        for (String name : names) {
            Scenario scenario = CORPUS.containsKey(name) ? CORPUS.get(name) : CHILDREN.get(name);
            if (scenario == null) {
                throw new IllegalArgumentException(
                        "no scenario " + name + "; known: " + CORPUS.keySet());
            }
            all.put(name, scenario.record());
        }
        return all;
    }

    /** What a scenario sets up on its cluster before it starts. */
    private interface Setup {
        void on(TestCluster cluster);
    }

    private static WorkflowExecutionHistory completes(Map<String, Object> job, Setup setup) {
        return ends(job, "Completed", setup);
    }

    /**
     * Runs {@code input} to its end and returns its history.
     *
     * @param outcome the job's final state (Completed, Stopped) or the workflow's failure type
     */
    private static WorkflowExecutionHistory ends(Object input, String outcome, Setup setup) {
        return ends(input, outcome, TestCluster.SETTINGS, setup);
    }

    /** As above, on a cluster whose workflows run with {@code settings}. */
    private static WorkflowExecutionHistory ends(
            Object input, String outcome, OrchestrationSettings settings, Setup setup) {
        try (TestCluster cluster = new TestCluster(settings)) {
            setup.on(cluster);
            cluster.start();
            WorkflowStub job = start(cluster, input);
            return expect(cluster, job, outcome);
        }
    }

    private static WorkflowExecutionHistory stopWhileRunning() throws InterruptedException {
        try (TestCluster cluster = new TestCluster()) {
            FakeNode n1 = cluster.node("n1");
            n1.execute = Execute.HANG_HEARTBEATING;
            cluster.start();
            WorkflowStub job = start(cluster, Jobs.batch(1));
            await(
                    timeout -> n1.executing.await(timeout, TimeUnit.SECONDS),
                    "the execution never started");
            StopResult stop =
                    cluster.client
                            .newWorkflowStub(JobWorkflow.class, id(job))
                            .stop("recorded stop");
            if (!stop.stopped()) {
                throw new IllegalStateException("the stop did not take effect: " + stop);
            }
            return expect(cluster, job, "Stopped");
        }
    }

    /** The second chunk of a Count 5 job in chunks of 2: partitions 2 and 3. */
    private static WorkflowExecutionHistory chunkOfAChunkedJob() {
        try (TestCluster cluster = new TestCluster(CHUNKS_OF_2)) {
            cluster.node("n1");
            cluster.start();
            WorkflowStub job = start(cluster, Jobs.batch(5));
            expect(cluster, job, "Completed");
            return cluster.client.fetchHistory(id(job) + "-chunk-1");
        }
    }

    private static WorkflowExecutionHistory totalTimeout() {
        try (TestCluster cluster = new TestCluster()) {
            cluster.node("n1").execute = Execute.HANG_HEARTBEATING;
            // The claim takes a while, so the job's timer fires before the execution's own timeout.
            cluster.placement.delayMillis = 500;
            cluster.start();
            return expect(
                    cluster,
                    start(cluster, Jobs.batch(1, "{\"TotalTimeout\": 2}")),
                    JobWorkflow.JOB_FAILED);
        }
    }

    /**
     * The node's worker dies mid-run and comes back within the grace period: Execute is retried on
     * it.
     */
    private static WorkflowExecutionHistory nodeReattached() throws InterruptedException {
        OrchestrationSettings settings =
                TestCluster.SETTINGS.toBuilder().nodeGracePeriod(Duration.ofSeconds(20)).build();
        try (TestCluster cluster = new TestCluster(settings)) {
            FakeNode n1 = cluster.node("n1");
            cluster.node("n2");
            n1.execute = Execute.DIE;
            cluster.placement.plan.add("n1");
            cluster.placement.fallback = "n2";
            cluster.start();
            WorkflowStub job = start(cluster, Jobs.batch(1));
            await(
                    timeout -> n1.executionsStarted.tryAcquire(timeout, TimeUnit.SECONDS),
                    "n1 never ran the execution");
            Thread.sleep(settings.heartbeatTimeout().multipliedBy(2).toMillis());
            n1.execute = Execute.COMPLETE;
            n1.worker.resumePolling();
            WorkflowExecutionHistory history = expect(cluster, job, "Completed");
            // At least one retry on n1, none elsewhere. Under load the server may hand the paused
            // worker
            // a timed-out attempt and its retry both once it polls again (3 Execute calls, seen in
            // CI).
            if (n1.count("Execute") < 2 || !cluster.nodes.get("n2").calls.isEmpty()) {
                throw new IllegalStateException("the execution was not retried on n1: " + n1.calls);
            }
            return history;
        }
    }

    /** Nodes n1 and n2 taking untargeted claims in turn, refusing as given. */
    private static void refusing(TestCluster cluster, NodeRefusal... refusals) {
        cluster.node("n1");
        cluster.node("n2");
        cluster.placement.rotation.addAll(List.of("n1", "n2"));
        for (NodeRefusal r : refusals) {
            cluster.placement.refusing.put(r.nodeId(), r);
        }
    }

    static WorkflowStub start(TestCluster cluster, Object input) {
        WorkflowStub stub =
                cluster.client.newUntypedWorkflowStub(
                        JobWorkflow.TYPE,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId("j-" + UUID.randomUUID())
                                .setTaskQueue(TaskQueues.DEFAULT)
                                .build());
        stub.start(input);
        return stub;
    }

    static WorkflowExecutionHistory expect(TestCluster cluster, WorkflowStub job, String outcome) {
        String ended;
        try {
            ended = job.getResult(JobResult.class).state().text();
        } catch (WorkflowFailedException e) {
            ended =
                    e.getCause() instanceof ApplicationFailure f
                            ? f.getType()
                            : e.getCause().toString();
        }
        if (!ended.equals(outcome)) {
            throw new IllegalStateException("expected " + outcome + ", the job ended " + ended);
        }
        return cluster.client.fetchHistory(id(job));
    }

    private static String id(WorkflowStub job) {
        return job.getExecution().getWorkflowId();
    }

    private interface Wait {
        boolean until(long timeoutSeconds) throws InterruptedException;
    }

    private static void await(Wait wait, String otherwise) throws InterruptedException {
        if (!wait.until(30)) {
            throw new IllegalStateException(otherwise);
        }
    }

    /** Replays {@code history} on a worker registered as production registers it. */
    static void replay(WorkflowExecutionHistory history) throws Exception {
        TestWorkflowEnvironment env =
                TestWorkflowEnvironment.newInstance(
                        TestEnvironmentOptions.newBuilder()
                                .setWorkflowClientOptions(
                                        WorkflowClientOptions.newBuilder()
                                                .setDataConverter(CaravelDataConverter.get())
                                                .build())
                                .build());
        try {
            Worker worker = env.newWorker(TaskQueues.DEFAULT);
            JobWorkflowImpl.register(worker, TestCluster.SETTINGS);
            WorkflowReplayer.replayWorkflowExecution(history, worker);
        } finally {
            env.close();
        }
    }
}
