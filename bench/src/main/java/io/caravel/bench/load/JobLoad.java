package io.caravel.bench.load;

import io.caravel.api.model.Job;
import io.caravel.api.spec.JobSpecWriter;
import io.caravel.api.spec.JobSpecs;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.TaskQueues;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many copies of one job started at once, and how many job workflows still run: for the load
 * benchmarks.
 */
public final class JobLoad {
    private static final String RUNNING =
            "WorkflowType = '" + JobWorkflow.TYPE + "' AND ExecutionStatus = 'Running'";

    private JobLoad() {}

    /**
     * Starts {@code count} copies of {@code job}, each with its own ID, from {@code threads}
     * threads; returns the seconds it took.
     */
    public static double submit(WorkflowClient client, Job job, int count, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> started = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            started.add(
                    pool.submit(
                            () -> {
                                String id = JobSpecs.newJobId();
                                client.newUntypedWorkflowStub(
                                                JobWorkflow.TYPE,
                                                WorkflowOptions.newBuilder()
                                                        .setWorkflowId(id)
                                                        .setTaskQueue(TaskQueues.DEFAULT)
                                                        .build())
                                        .start(
                                                JobSpecWriter.toTree(
                                                        JobSpecs.assignIdentity(job, id)));
                                return null;
                            }));
        }
        for (Future<?> f : started) {
            f.get();
        }
        pool.shutdown();
        return (System.nanoTime() - start) / 1e9;
    }

    /** Job workflows running in the {@code default} namespace. */
    public static long running(WorkflowServiceStubs stubs) {
        return stubs.blockingStub()
                .countWorkflowExecutions(
                        CountWorkflowExecutionsRequest.newBuilder()
                                .setNamespace("default")
                                .setQuery(RUNNING)
                                .build())
                .getCount();
    }
}
