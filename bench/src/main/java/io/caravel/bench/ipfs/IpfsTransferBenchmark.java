package io.caravel.bench.ipfs;

import io.caravel.activities.cache.InputCache;
import io.caravel.activities.files.FileTrees;
import io.caravel.activities.providers.ipfs.IpfsSource;
import io.caravel.activities.providers.ipfs.KuboClient;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.SpecConfig;
import io.caravel.workflows.activities.StagedInputs;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Caravel's Kubo client against Kubo's own CLI on the same daemon and the same data: adding a
 * directory ({@code KuboClient.add} against {@code ipfs add -r}), fetching it ({@code IpfsSource}
 * without cache against {@code ipfs get}), and staging it again from the input cache (against
 * {@code cp -r} of the same tree). Each pair runs alternately, after one warm-up round; medians are
 * reported with the ratio baseline/Caravel (above 1: Caravel faster).
 *
 * <pre>java -cp ... io.caravel.bench.ipfs.IpfsTransferBenchmark [api] [MiB] [rounds] [ipfs binary]
 * </pre>
 */
public final class IpfsTransferBenchmark {
    private IpfsTransferBenchmark() {}

    public static void main(String[] args) throws Exception {
        String api = args.length > 0 ? args[0] : KuboClient.DEFAULT_API;
        int mib = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        String ipfs = args.length > 3 ? args[3] : System.getProperty("user.home") + "/go/bin/ipfs";
        URI uri = URI.create(api);
        String multiaddr = "/ip4/" + uri.getHost() + "/tcp/" + uri.getPort();
        KuboClient kubo = new KuboClient(uri, Duration.ofMinutes(10));
        Path work = Files.createTempDirectory("ipfs-bench");
        try {
            Path data = dataset(work.resolve("data"), mib);
            String cid = kubo.add(data);
            String cliCid =
                    run(List.of(
                                    ipfs,
                                    "--api",
                                    multiaddr,
                                    "add",
                                    "-r",
                                    "-Q",
                                    "--cid-version=1",
                                    data.toString()))
                            .strip();
            System.out.printf(
                    "dataset: %d MiB in 8 files; CID (Caravel) %s, CID (ipfs add) %s: %s%n",
                    mib, cid, cliCid, cid.equals(cliCid) ? "same" : "DIFFERENT");
            ExecutionContext context = context(work.resolve("exec"));
            InputSource input =
                    new InputSource(SpecConfig.of("ipfs", Map.of("CID", cid)), "", "/inputs");
            IpfsSource direct = new IpfsSource(kubo, InputCache.disabled(), 1L << 40);
            IpfsSource cached =
                    new IpfsSource(
                            kubo, InputCache.open(work.resolve("cache"), 1L << 40), 1L << 40);
            cached.stage(input, fresh(work.resolve("warm")), context);

            List<long[]> add = new ArrayList<>();
            List<long[]> get = new ArrayList<>();
            List<long[]> hit = new ArrayList<>();
            for (int r = 0; r <= rounds; r++) {
                long[] a =
                        pair(
                                () -> kubo.add(data),
                                () ->
                                        run(
                                                List.of(
                                                        ipfs,
                                                        "--api",
                                                        multiaddr,
                                                        "add",
                                                        "-r",
                                                        "-Q",
                                                        "--cid-version=1",
                                                        data.toString())));
                Path out1 = fresh(work.resolve("get-caravel"));
                Path out2 = fresh(work.resolve("get-cli"));
                long[] g =
                        pair(
                                () -> direct.stage(input, out1, context),
                                () ->
                                        run(
                                                List.of(
                                                        ipfs,
                                                        "--api",
                                                        multiaddr,
                                                        "get",
                                                        "-o",
                                                        out2.resolve("x").toString(),
                                                        cid)));
                Path out3 = fresh(work.resolve("hit-caravel"));
                Path out4 = fresh(work.resolve("hit-cp"));
                long[] h =
                        pair(
                                () -> cached.stage(input, out3, context),
                                () ->
                                        run(
                                                List.of(
                                                        "cp",
                                                        "-r",
                                                        data.toString(),
                                                        out4.resolve("x").toString())));
                if (r > 0) {
                    add.add(a);
                    get.add(g);
                    hit.add(h);
                }
            }
            System.out.println(
                    "| operation | Caravel median | baseline median | baseline | ratio baseline/Caravel |");
            System.out.println("|---|---|---|---|---|");
            report("add a directory", add, "ipfs add -r");
            report("fetch a CID (no cache)", get, "ipfs get");
            report("stage a cached CID", hit, "cp -r");
        } finally {
            FileTrees.delete(work);
        }
    }

    private static long[] pair(Callable<?> caravel, Callable<?> baseline) throws Exception {
        long t0 = System.nanoTime();
        caravel.call();
        long t1 = System.nanoTime();
        baseline.call();
        long t2 = System.nanoTime();
        return new long[] {t1 - t0, t2 - t1};
    }

    private static void report(String what, List<long[]> pairs, String baseline) {
        double caravel = median(pairs, 0);
        double base = median(pairs, 1);
        System.out.printf(
                "| %s | %.0f ms | %.0f ms | `%s` | %.2f |%n",
                what, caravel, base, baseline, base / caravel);
    }

    private static double median(List<long[]> pairs, int index) {
        long[] v = pairs.stream().mapToLong(p -> p[index]).sorted().toArray();
        return (v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0)
                / 1e6;
    }

    private static Path dataset(Path dir, int mib) throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Random random = new Random(42);
        byte[] chunk = new byte[1 << 20];
        for (int f = 0; f < 8; f++) {
            Path file = dir.resolve(f % 2 == 0 ? "part-" + f + ".bin" : "sub/part-" + f + ".bin");
            try (var out = Files.newOutputStream(file)) {
                for (int m = 0; m < mib / 8; m++) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                }
            }
        }
        return dir;
    }

    private static Path fresh(Path dir) throws IOException {
        FileTrees.delete(dir);
        return Files.createDirectories(dir);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static ExecutionContext context(Path dir) {
        return new ExecutionContext(
                null,
                "e-bench",
                0,
                "bench",
                null,
                dir,
                dir.resolve("results"),
                dir.resolve("logs"),
                StagedInputs.NONE,
                Map.of(),
                message -> {},
                () -> false);
    }
}
