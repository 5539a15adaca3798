package io.caravel.bench.s3;

import io.caravel.activities.providers.s3.S3Clients;
import io.caravel.activities.providers.s3.S3EndpointPolicy;
import io.caravel.activities.providers.s3.S3Publisher;
import io.caravel.activities.providers.s3.S3Settings;
import io.caravel.activities.providers.s3.S3Source;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.api.providers.s3.S3Params;
import io.caravel.cli.providers.s3.S3ResultFetcher;
import io.caravel.cli.results.ResultsDownloader;
import io.caravel.workflows.activities.StagedInputs;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 stage-in and tar.gz publishing of 1 GiB against baselines measured in the same run: the AWS
 * CLI's {@code aws s3 cp} (one object, and {@code --recursive} over 1,000 objects) for stage-in,
 * {@code tar czf} on the same directory for publishing. Then a 1 GiB result is published and
 * fetched back through {@code job get}'s downloader and compared byte for byte; run with {@code
 * -Xmx256m} so all of it happens with the worker's heap held under 256 MiB. Usage:
 *
 * <pre>{@code java -Xmx256m -cp bench/target/benchmarks.jar io.caravel.bench.s3.S3TransferBenchmark
 *     [endpoint, default http://127.0.0.1:7070] [MiB, default 1024] [runs, default 2]}</pre>
 *
 * Credentials: {@code CARAVEL_S3_ACCESS_KEY}/{@code CARAVEL_S3_SECRET_KEY}, default the test
 * credentials of {@code scripts/s3-dev.sh}; the AWS CLI is {@code aws} on the PATH (or {@code
 * AWS_CLI}).
 */
public final class S3TransferBenchmark {
    private static final String ACCESS = env("CARAVEL_S3_ACCESS_KEY", "caravel-test");
    private static final String SECRET = env("CARAVEL_S3_SECRET_KEY", "caravel-test-secret");
    private static final String AWS = env("AWS_CLI", "aws");
    private static final int SMALL_OBJECTS = 1000;

    private final String endpoint;
    private final long bytes;
    private final int runs;
    private final Path work;
    private final S3Clients clients;
    private final String bucket = "bench-" + Long.toHexString(System.nanoTime());

    private S3TransferBenchmark(String endpoint, long bytes, int runs) throws IOException {
        this.endpoint = endpoint;
        this.bytes = bytes;
        this.runs = runs;
        this.work = Files.createTempDirectory("caravel-s3-bench");
        this.clients =
                new S3Clients(
                        new S3Settings(
                                        "",
                                        "us-east-1",
                                        Optional.of(new S3Settings.Credentials(ACCESS, SECRET)),
                                        S3Settings.ChecksumMode.AUTO,
                                        S3Settings.DEFAULT_PARALLELISM)
                                .withJobEndpoints(S3EndpointPolicy.UNCHECKED));
    }

    public static void main(String[] args) throws Exception {
        String endpoint = args.length > 0 ? args[0] : "http://127.0.0.1:7070";
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        S3TransferBenchmark b = new S3TransferBenchmark(endpoint, mib << 20, runs);
        try {
            b.run();
        } finally {
            b.clients.close();
            deleteTree(b.work);
        }
    }

    private void run() throws Exception {
        System.out.printf(
                Locale.ROOT,
                "S3 transfer benchmark: %s, %d MiB, %d runs each, max heap %d MiB%n",
                endpoint,
                bytes >> 20,
                runs,
                Runtime.getRuntime().maxMemory() >> 20);
        try (S3Client admin =
                S3Client.builder()
                        .endpointOverride(URI.create(endpoint))
                        .forcePathStyle(true)
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(
                                        AwsBasicCredentials.create(ACCESS, SECRET)))
                        .build()) {
            admin.createBucket(r -> r.bucket(bucket));
            Path big = work.resolve("data/big.bin");
            Files.createDirectories(big.getParent());
            writeData(big, bytes, 1);
            admin.putObject(r -> r.bucket(bucket).key("one/big.bin"), RequestBody.fromFile(big));
            Path small = Files.createDirectories(work.resolve("data/small"));
            long each = bytes / SMALL_OBJECTS;
            for (int i = 0; i < SMALL_OBJECTS; i++) {
                Path f = small.resolve(String.format(Locale.ROOT, "f%04d.bin", i));
                writeData(f, each, i + 2);
                admin.putObject(
                        r -> r.bucket(bucket).key("many/" + f.getFileName()),
                        RequestBody.fromFile(f));
            }
            deleteTree(small);

            compare(
                    "stage-in, one object",
                    () -> stage("one/big.bin"),
                    () ->
                            aws(
                                    "s3",
                                    "cp",
                                    "s3://" + bucket + "/one/big.bin",
                                    fresh("aws").resolve("big.bin").toString()));
            compare(
                    "stage-in, " + SMALL_OBJECTS + " objects",
                    () -> stage("many/"),
                    () ->
                            aws(
                                    "s3",
                                    "cp",
                                    "--recursive",
                                    "s3://" + bucket + "/many/",
                                    fresh("aws").toString()));

            Path results = Files.createDirectories(work.resolve("results/outputs"));
            Files.move(big, results.resolve("big.bin"));
            Files.writeString(results.getParent().resolve("stdout"), "done\n");
            compare(
                    "tar.gz publish",
                    () -> publish(results.getParent(), "pub/{executionID}"),
                    () -> tarCzf(results.getParent()));

            SpecConfig published = publish(results.getParent(), "roundtrip/result");
            Path out = fresh("get");
            ResultsDownloader.standard()
                    .withFetcher(S3Params.TYPE, new S3ResultFetcher(clients))
                    .download(List.of(published), out, false);
            boolean same =
                    sha256(out.resolve("outputs/big.bin"))
                            .equals(sha256(results.resolve("big.bin")));
            System.out.printf(
                    Locale.ROOT,
                    "round trip of the %d MiB result through job get's downloader: %s%n",
                    bytes >> 20,
                    same ? "byte-identical" : "DIFFERENT");
            System.out.printf(
                    Locale.ROOT,
                    "all of it within a max heap of %d MiB (-Xmx)%n",
                    Runtime.getRuntime().maxMemory() >> 20);
            if (!same) {
                throw new IllegalStateException(
                        "the fetched result differs from what was published");
            }
        }
    }

    private void compare(String what, Callable<?> caravel, Callable<?> baseline) throws Exception {
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            theirs.add(seconds(baseline));
            ours.add(seconds(caravel));
        }
        double c = ours.stream().mapToDouble(d -> d).min().orElseThrow();
        double b = theirs.stream().mapToDouble(d -> d).min().orElseThrow();
        System.out.printf(
                Locale.ROOT,
                "%-28s caravel %6.2f s (%6.1f MiB/s)  baseline %6.2f s (%6.1f MiB/s)"
                        + "  speed ratio %.2f   runs: caravel %s, baseline %s%n",
                what,
                c,
                (bytes >> 20) / c,
                b,
                (bytes >> 20) / b,
                b / c,
                ours,
                theirs);
    }

    private static double seconds(Callable<?> task) throws Exception {
        long start = System.nanoTime();
        task.call();
        return Math.round((System.nanoTime() - start) / 1e7) / 100.0;
    }

    private Object stage(String key) throws Exception {
        Path exec = fresh("stage");
        ExecutionContext context = context(job(SpecConfig.EMPTY), exec, exec.resolve("results"));
        return new S3Source(clients)
                .stage(
                        new InputSource(
                                SpecConfig.of(
                                        "s3",
                                        Map.of("Bucket", bucket, "Key", key, "Endpoint", endpoint)),
                                "",
                                "/in"),
                        Files.createDirectories(exec.resolve("in")),
                        context);
    }

    private SpecConfig publish(Path results, String key) throws IOException, InterruptedException {
        ExecutionContext context =
                context(
                        job(
                                SpecConfig.of(
                                        "s3",
                                        Map.of(
                                                "Bucket",
                                                bucket,
                                                "Key",
                                                key,
                                                "Endpoint",
                                                endpoint))),
                        fresh("publish"),
                        results);
        return new S3Publisher(clients).publish(context);
    }

    private Object tarCzf(Path dir) throws Exception {
        return exec(
                List.of(
                        "tar",
                        "czf",
                        fresh("tar").resolve("r.tar.gz").toString(),
                        "-C",
                        dir.toString(),
                        "."));
    }

    private Object aws(String... args) throws Exception {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                AWS,
                                "--endpoint-url",
                                endpoint,
                                "--region",
                                "us-east-1",
                                "--only-show-errors"));
        command.addAll(List.of(args));
        return exec(command);
    }

    private Object exec(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().put("AWS_ACCESS_KEY_ID", ACCESS);
        pb.environment().put("AWS_SECRET_ACCESS_KEY", SECRET);
        int rc = pb.start().waitFor();
        if (rc != 0) {
            throw new IllegalStateException(command + " exited with " + rc);
        }
        return rc;
    }

    private static Job job(SpecConfig publisher) {
        Task task =
                Task.builder()
                        .name("main")
                        .engine(SpecConfig.of("noop", Map.of()))
                        .publisher(publisher)
                        .build();
        return Job.builder()
                .id("j-bench")
                .name("bench")
                .namespace("default")
                .type("batch")
                .count(1)
                .task(task)
                .build();
    }

    private static ExecutionContext context(Job job, Path exec, Path results) {
        return new ExecutionContext(
                job,
                "e-bench",
                0,
                "bench",
                null,
                exec,
                results,
                exec.resolve("logs"),
                StagedInputs.NONE,
                Map.of(),
                m -> {},
                () -> false);
    }

    /**
     * A fresh directory; the previous one of the same name is deleted, so runs do not fill the
     * disk.
     */
    private Path fresh(String name) throws IOException {
        Path dir = work.resolve("runs").resolve(name);
        deleteTree(dir);
        return Files.createDirectories(dir);
    }

    /**
     * Text-like data (words and numbers), so gzip has something to compress, as real results do.
     */
    private static void writeData(Path file, long size, long seed) throws IOException {
        String[] words = {
            "alpha", "beta", "gamma", "delta", "sample", "value", "result", "node", "job", "s3"
        };
        Random random = new Random(seed);
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            StringBuilder line = new StringBuilder(128);
            while (written < size) {
                line.setLength(0);
                line.append(words[random.nextInt(words.length)])
                        .append(',')
                        .append(random.nextInt(1_000_000))
                        .append(',')
                        .append(random.nextLong())
                        .append(',')
                        .append(words[random.nextInt(words.length)])
                        .append('\n');
                int n = (int) Math.min(line.length(), size - written);
                w.append(line, 0, n);
                written += n;
            }
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                d.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
