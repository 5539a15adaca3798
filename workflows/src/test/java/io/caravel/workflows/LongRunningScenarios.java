package io.caravel.workflows;

import io.caravel.api.model.ExecutionStateType;
import io.caravel.workflows.FakeNode.Execute;
import io.caravel.workflows.Scenarios.Scenario;
import io.caravel.workflows.model.StopResult;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replay corpus's service and daemon jobs: each runs until a stop, so each scenario makes its
 * replicas reach the shape it records, then stops the job. The continue-as-new scenario records the
 * run that took the replicas over.
 */
final class LongRunningScenarios {
    private static final OrchestrationSettings SETTINGS = LongRunningJobTest.SETTINGS;

    private LongRunningScenarios() {}

    static Map<String, Scenario> corpus() {
        Map<String, Scenario> all = new LinkedHashMap<>();
        all.put(
                "service-count-2-stopped",
                () ->
                        stopped(
                                Jobs.service(2),
                                SETTINGS,
                                cluster -> {
                                    cluster.node("n1").execute = Execute.HANG_HEARTBEATING;
                                    return 2;
                                },
                                (cluster, first) -> {}));
        all.put(
                "service-replica-replaced-then-stopped",
                () ->
                        stopped(
                                Jobs.service(1),
                                SETTINGS,
                                cluster -> {
                                    cluster.node("n1").exitCode = 1;
                                    return 1;
                                },
                                (cluster, first) -> {
                                    FakeNode n1 = cluster.nodes.get("n1");
                                    Eventually.until(() -> n1.count("Execute") >= 3);
                                    hangFromNowOn(n1);
                                }));
        all.put("service-continued-as-new-then-stopped", () -> continuedAsNew(false));
        all.put("service-handed-over", () -> continuedAsNew(true));
        all.put("daemon-node-joins-and-leaves-then-stopped", LongRunningScenarios::daemon);
        return all;
    }

    /** What a scenario sets up before the job starts; returns how many executions then run. */
    private interface Setup {
        int on(TestCluster cluster);
    }

    /** What a scenario does while the job runs. */
    private interface During {
        void on(TestCluster cluster, WorkflowExecution firstRun);
    }

    private static WorkflowExecutionHistory stopped(
            Map<String, Object> job, OrchestrationSettings settings, Setup setup, During during) {
        try (TestCluster cluster = new TestCluster(settings)) {
            int replicas = setup.on(cluster);
            cluster.start();
            WorkflowStub stub = Scenarios.start(cluster, job);
            JobWorkflow typed =
                    cluster.client.newWorkflowStub(
                            JobWorkflow.class, stub.getExecution().getWorkflowId());
            during.on(cluster, stub.getExecution());
            Eventually.until(() -> running(typed) == replicas);
            return stop(cluster, stub, typed);
        }
    }

    /**
     * Replica 0 runs on n1 all along, replica 1 crash-loops on n2 until the job has continued as
     * new; the history of the run that took the replicas over, or of the first run, which handed
     * them over.
     */
    private static WorkflowExecutionHistory continuedAsNew(boolean firstRun) {
        OrchestrationSettings settings =
                SETTINGS.toBuilder()
                        .longRunningHistory(100)
                        .restartBackoff(Duration.ofMillis(10))
                        .restartBackoffMax(Duration.ofMillis(20))
                        .build();
        WorkflowExecutionHistory[] handedOver = new WorkflowExecutionHistory[1];
        WorkflowExecutionHistory last =
                stopped(
                        Jobs.service(2),
                        settings,
                        cluster -> {
                            cluster.node("n1").execute = Execute.HANG_HEARTBEATING;
                            cluster.node("n2").executeMillis = 20;
                            cluster.placement.plan.add("n1");
                            cluster.placement.fallback = "n2";
                            return 2;
                        },
                        (cluster, first) -> {
                            Eventually.until(() -> cluster.runs(first.getWorkflowId()).size() >= 2);
                            handedOver[0] =
                                    cluster.client.fetchHistory(
                                            first.getWorkflowId(), first.getRunId());
                            hangFromNowOn(cluster.nodes.get("n2"));
                        });
        return firstRun ? handedOver[0] : last;
    }

    private static WorkflowExecutionHistory daemon() {
        // Node checks 2 s apart, as in LongRunningJobTest: the Java test server can fail a stop
        // that
        // cancels a timer firing at that moment, and a daemon always has its next check pending.
        try (TestCluster cluster =
                new TestCluster(
                        SETTINGS.toBuilder().daemonNodeCheck(Duration.ofSeconds(2)).build())) {
            cluster.node("n1").execute = Execute.HANG_HEARTBEATING;
            cluster.node("n2").execute = Execute.HANG_HEARTBEATING;
            var n2 = cluster.registry.nodes.remove(1);
            cluster.start();
            WorkflowStub stub = Scenarios.start(cluster, Jobs.daemon());
            JobWorkflow typed =
                    cluster.client.newWorkflowStub(
                            JobWorkflow.class, stub.getExecution().getWorkflowId());
            Eventually.until(() -> running(typed) == 1);
            cluster.registry.nodes.add(n2);
            Eventually.until(() -> running(typed) == 2);
            cluster.registry.nodes.remove(0);
            Eventually.until(
                    () -> running(typed) == 1 && !cluster.nodes.get("n1").cancelled.isEmpty());
            return stop(cluster, stub, typed);
        }
    }

    /**
     * Makes {@code node}'s runs hang from now on and waits until one of them has started: a stop
     * then finds no restart pending (the test server cannot cancel a timer that fires meanwhile).
     */
    static void hangFromNowOn(FakeNode node) {
        int before = node.hanging.get();
        node.execute = Execute.HANG_HEARTBEATING;
        Eventually.until(() -> node.hanging.get() > before);
    }

    private static long running(JobWorkflow job) {
        return job.describe().executions().stream()
                .filter(e -> e.state() == ExecutionStateType.RUNNING)
                .count();
    }

    private static WorkflowExecutionHistory stop(
            TestCluster cluster, WorkflowStub stub, JobWorkflow typed) {
        StopResult stop = typed.stop("recorded stop");
        if (!stop.stopped()) {
            throw new IllegalStateException("the stop did not take effect: " + stop);
        }
        return Scenarios.expect(cluster, stub, "Stopped");
    }
}
