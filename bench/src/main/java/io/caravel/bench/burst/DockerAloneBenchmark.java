package io.caravel.bench.burst;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import io.caravel.activities.providers.docker.DockerClients;
import io.caravel.bench.docker.DockerJobBenchmark;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The container runtime alone, the ceiling of any orchestrator on this machine: the burst's
 * containers ({@code true} in the busybox test image, network none) created, started, waited for
 * and removed straight through Docker's API, {@code CONCURRENCY} at a time (the 4 a 2-CPU node
 * runs), with nothing else. Prints the time and the CPU the whole machine used meanwhile. One
 * unprinted round of the same size first.
 *
 * <p>Arguments: SIZE (40), CONCURRENCY (4).
 */
public final class DockerAloneBenchmark {
    private DockerAloneBenchmark() {}

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        DockerClient docker = DockerClients.lazy(DockerClients.DEFAULT_HOST).get();
        run(docker, size, concurrency);
        Map<String, Double> cpu = CpuTimes.now();
        long start = System.nanoTime();
        run(docker, size, concurrency);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "docker alone, %d containers %d at a time: %.2f s, %.1f containers/s%n",
                size,
                concurrency,
                seconds,
                size / seconds);
        System.out.println(
                "docker alone, " + size + " containers: CPU used: " + CpuTimes.since(cpu));
    }

    private static void run(DockerClient docker, int size, int concurrency) throws Exception {
        AtomicInteger left = new AtomicInteger(size);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                running.add(
                        pool.submit(
                                () -> {
                                    while (left.getAndDecrement() > 0) {
                                        once(docker);
                                    }
                                    return null;
                                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void once(DockerClient docker) throws InterruptedException {
        String id =
                docker.createContainerCmd(DockerJobBenchmark.IMAGE)
                        .withCmd("true")
                        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
                        .withLabels(Map.of("caravel.bench", "docker-alone"))
                        .exec()
                        .getId();
        try {
            docker.startContainerCmd(id).exec();
            docker.waitContainerCmd(id).start().awaitStatusCode();
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }
}
