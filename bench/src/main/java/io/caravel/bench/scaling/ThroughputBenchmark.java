package io.caravel.bench.scaling;

import io.caravel.api.model.Job;
import io.caravel.api.spec.JobSpecWriter;
import io.caravel.api.spec.JobSpecs;
import io.caravel.bench.docker.DockerJobBenchmark;
import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.TaskQueues;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Jobs per second through the workers that run on a server: N small noop jobs (100m CPU each,
 * constrained to the label {@code bench=LABEL} that the measured workers carry) submitted from
 * THREADS client threads, timed from the first submission until none is running. The workers are
 * separate {@code caravel worker} processes that {@code bench/scaling/run.sh} starts; this process
 * only submits and counts. Usage:
 *
 * <pre>{@code java -cp bench/target/benchmarks.jar io.caravel.bench.scaling.ThroughputBenchmark
 *     HOST:PORT LABEL N [THREADS]}</pre>
 *
 * Prints one line: jobs, seconds, jobs per second.
 */
public final class ThroughputBenchmark {
    private ThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String address = args[0];
        String label = args[1];
        int count = Integer.parseInt(args[2]);
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
        WorkflowClient client = WorkflowClient.newInstance(stubs,
                WorkflowClientOptions.newBuilder().setDataConverter(CaravelDataConverter.get()).build());
        Job job = JobSpecs.parseSpecFile(DockerJobBenchmark.spec("bench-scaling", label, """
                      Type: noop
                    Resources:
                      CPU: "100m"
                      Memory: "16Mi"
                    Timeouts:
                      QueueTimeout: 3600
                """)).job();
        String running = "WorkflowType = '" + JobWorkflow.TYPE + "' AND ExecutionStatus = 'Running'";
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> started = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            started.add(pool.submit(() -> {
                String id = JobSpecs.newJobId();
                client.newUntypedWorkflowStub(JobWorkflow.TYPE, WorkflowOptions.newBuilder()
                        .setWorkflowId(id).setTaskQueue(TaskQueues.DEFAULT).build())
                        .start(JobSpecWriter.toTree(JobSpecs.assignIdentity(job, id)));
                return null;
            }));
        }
        for (Future<?> f : started) {
            f.get();
        }
        pool.shutdown();
        while (stubs.blockingStub().countWorkflowExecutions(CountWorkflowExecutionsRequest.newBuilder()
                .setNamespace("default").setQuery(running).build()).getCount() > 0) {
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%d jobs in %.1f s: %.1f jobs/s%n", count, seconds, count / seconds);
        stubs.shutdownNow();
        System.exit(0);
    }
}
