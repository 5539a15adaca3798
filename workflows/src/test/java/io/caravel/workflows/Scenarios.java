package io.caravel.workflows;

import io.caravel.api.model.JobStateType;
import io.caravel.workflows.FakeNode.Execute;
import io.caravel.workflows.model.JobResult;
import io.caravel.workflows.model.StopResult;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The job scenarios whose histories guard determinism: each runs on its own test cluster and
 * returns the finished workflow's history. {@link RecordHistories} writes them to the committed
 * files; {@code ReplayTest} replays both the committed and freshly recorded ones.
 */
final class Scenarios {
    private Scenarios() {
    }

    /** Every scenario by name; the name is the history file's base name. */
    static Map<String, WorkflowExecutionHistory> recordAll() throws InterruptedException {
        Map<String, WorkflowExecutionHistory> all = new LinkedHashMap<>();
        all.put("batch-count-2", batchCountTwo());
        all.put("node-lost-replaced", nodeLostAndReplaced());
        all.put("stopped", stopped());
        return all;
    }

    static WorkflowExecutionHistory batchCountTwo() {
        try (TestCluster cluster = new TestCluster()) {
            cluster.node("n1");
            cluster.start();
            JobWorkflow job = cluster.startJob(Jobs.batch(2));
            expect(WorkflowStub.fromTyped(job).getResult(JobResult.class), JobStateType.COMPLETED);
            return cluster.client.fetchHistory(TestCluster.id(job));
        }
    }

    static WorkflowExecutionHistory nodeLostAndReplaced() {
        try (TestCluster cluster = new TestCluster()) {
            cluster.deadNode("n0");
            cluster.node("n1");
            cluster.placement.plan.add("n0");
            cluster.start();
            JobWorkflow job = cluster.startJob(Jobs.batch(1));
            expect(WorkflowStub.fromTyped(job).getResult(JobResult.class), JobStateType.COMPLETED);
            return cluster.client.fetchHistory(TestCluster.id(job));
        }
    }

    static WorkflowExecutionHistory stopped() throws InterruptedException {
        try (TestCluster cluster = new TestCluster()) {
            FakeNode n1 = cluster.node("n1");
            n1.execute = Execute.HANG_HEARTBEATING;
            cluster.start();
            JobWorkflow job = cluster.startJob(Jobs.batch(1));
            if (!n1.executing.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the execution never started");
            }
            StopResult stop = job.stop("recorded stop");
            if (!stop.stopped()) {
                throw new IllegalStateException("the stop did not take effect: " + stop);
            }
            expect(WorkflowStub.fromTyped(job).getResult(JobResult.class), JobStateType.STOPPED);
            return cluster.client.fetchHistory(TestCluster.id(job));
        }
    }

    /** Replays {@code history} on a worker registered as production registers it. */
    static void replay(WorkflowExecutionHistory history) throws Exception {
        TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
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

    private static void expect(JobResult result, JobStateType state) {
        if (result.state() != state) {
            throw new IllegalStateException("expected a " + state.text() + " job, got " + result);
        }
    }
}
