package io.caravel.cli.providers.s3;

import io.caravel.activities.TestJobs;
import io.caravel.activities.providers.s3.S3Clients;
import io.caravel.activities.providers.s3.S3Publisher;
import io.caravel.activities.providers.s3.S3TestServer;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.model.Job;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.providers.s3.S3Params;
import io.caravel.cli.results.ResultsDownloader;
import io.caravel.workflows.activities.StagedInputs;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The worker's and {@code job get}'s part of {@link S3LargeRoundTripTest}, run in a JVM of its own
 * (with the heap limit under test): publishes a results directory with the {@code s3} publisher
 * ({@code gzip}), then fetches it back with {@link ResultsDownloader} and {@link S3ResultFetcher}.
 * Prints its maximum and peak heap; exits 0 only when both steps succeeded.
 *
 * <p>Arguments: endpoint, bucket, key, results directory, output directory.
 */
public final class S3RoundTripMain {
    private S3RoundTripMain() {}

    public static void main(String[] args) {
        try {
            run(args[0], args[1], args[2], Path.of(args[3]), Path.of(args[4]));
            long peak =
                    ManagementFactory.getMemoryPoolMXBeans().stream()
                            .filter(p -> p.getType() == MemoryType.HEAP)
                            .map(MemoryPoolMXBean::getPeakUsage)
                            .mapToLong(u -> u.getUsed())
                            .sum();
            System.out.println("maxHeapBytes=" + Runtime.getRuntime().maxMemory());
            System.out.println("peakHeapBytes=" + peak);
            System.out.flush();
            System.exit(0);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String endpoint, String bucket, String key, Path results, Path out)
            throws Exception {
        try (S3Clients clients = S3TestServer.clients()) {
            Job job =
                    TestJobs.job(
                            TestJobs.noopTask(Map.of())
                                    .publisher(
                                            SpecConfig.of(
                                                    "s3",
                                                    Map.of(
                                                            "Bucket",
                                                            bucket,
                                                            "Key",
                                                            key,
                                                            "Endpoint",
                                                            endpoint,
                                                            "Region",
                                                            S3TestServer.REGION,
                                                            "Encoding",
                                                            "gzip")))
                                    .build());
            Path exec = results.getParent();
            ExecutionContext context =
                    new ExecutionContext(
                            job,
                            "e-big",
                            0,
                            "node-1",
                            null,
                            exec,
                            results,
                            exec.resolve("logs"),
                            StagedInputs.NONE,
                            Map.of(),
                            m -> {},
                            () -> false);
            SpecConfig published = new S3Publisher(clients).publish(context);
            System.out.println("published=" + published.params());
            int fetched =
                    ResultsDownloader.standard()
                            .withFetcher(S3Params.TYPE, new S3ResultFetcher(clients))
                            .download(List.of(published), out, false);
            if (fetched != 1) {
                throw new IllegalStateException("expected one result fetched, got " + fetched);
            }
        }
    }
}
