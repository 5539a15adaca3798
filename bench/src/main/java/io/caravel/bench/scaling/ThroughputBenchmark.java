package io.caravel.bench.scaling;

import io.caravel.api.model.Job;
import io.caravel.api.spec.JobSpecs;
import io.caravel.bench.docker.DockerJobBenchmark;
import io.caravel.bench.load.JobLoad;
import io.caravel.workflows.CaravelDataConverter;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.Locale;

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
    private ThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        String address = args[0];
        String label = args[1];
        int count = Integer.parseInt(args[2]);
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        WorkflowServiceStubs stubs =
                WorkflowServiceStubs.newServiceStubs(
                        WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
        WorkflowClient client =
                WorkflowClient.newInstance(
                        stubs,
                        WorkflowClientOptions.newBuilder()
                                .setDataConverter(CaravelDataConverter.get())
                                .build());
        Job job =
                JobSpecs.parseSpecFile(
                                DockerJobBenchmark.spec(
                                        "bench-scaling",
                                        label,
                                        """
                      Type: noop
                    Resources:
                      CPU: "100m"
                      Memory: "16Mi"
                    Timeouts:
                      QueueTimeout: 3600
                """))
                        .job();
        long start = System.nanoTime();
        JobLoad.submit(client, job, count, threads);
        while (JobLoad.running(stubs) > 0) {
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT, "%d jobs in %.1f s: %.1f jobs/s%n", count, seconds, count / seconds);
        stubs.shutdownNow();
        System.exit(0);
    }
}
