package io.caravel.cli.providers.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.providers.s3.S3TestData;
import io.caravel.activities.providers.s3.S3TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7: a 1 GiB result published with the {@code s3} publisher ({@code gzip}) and fetched back
 * by {@code job get}'s downloader byte-identical, in a JVM whose heap is limited to 256 MiB ({@link
 * S3RoundTripMain}, forked with {@code -Xmx256m}; any {@code OutOfMemoryError}, in any thread, ends
 * it with a non-zero status). The data compresses fast (a repeated 4 KiB block with 16 KiB of
 * random bytes in every MiB, about 17 MiB of archive in several multipart parts), so the test takes
 * seconds, not the minute real text would.
 */
class S3LargeRoundTripTest {
    private static final long FILE_BYTES = 256L << 20;
    private static final int FILES = 4;
    private static final String MAX_HEAP = "256m";
    private static final long MAX_HEAP_BYTES = 256L << 20;

    @TempDir Path tmp;

    @AfterAll
    static void deleteBuckets() {
        S3TestServer.deleteBuckets();
    }

    @Test
    void aGibibyteResultComesBackByteIdenticalWithA256MibHeap() throws Exception {
        String bucket = S3TestServer.newBucket();
        Path results = Files.createDirectories(tmp.resolve("exec/results"));
        Files.writeString(results.resolve("stdout"), "big\n");
        Files.writeString(results.resolve("stderr"), "");
        Files.writeString(results.resolve("exitCode"), "0");
        Files.createDirectories(results.resolve("outputs"));
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < FILES; i++) {
            String name = "outputs/part-" + i + ".bin";
            expected.put(name, write(results.resolve(name), FILE_BYTES, i));
        }
        Path out = tmp.resolve("fetched");

        Path log = tmp.resolve("child.log");
        Process child =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx" + MAX_HEAP,
                                "-XX:+ExitOnOutOfMemoryError",
                                "-cp",
                                System.getProperty("java.class.path"),
                                S3RoundTripMain.class.getName(),
                                S3TestServer.ENDPOINT,
                                bucket,
                                "big/{executionID}",
                                results.toString(),
                                out.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        if (!child.waitFor(5, TimeUnit.MINUTES)) {
            child.destroyForcibly().waitFor();
            throw new AssertionError("the round trip did not end within 5 minutes:\n" + tail(log));
        }
        String output = Files.readString(log);
        System.out.println("round trip child output:\n" + output);
        assertThat(child.exitValue()).as("exit status; output:\n%s", tail(log)).isZero();
        assertThat(number(output, "maxHeapBytes")).isLessThanOrEqualTo(MAX_HEAP_BYTES);
        assertThat(output).contains("Key=big/e-big.tar.gz");
        // S3's composite checksum of a multipart upload: the archive was streamed in several parts.
        assertThat(output).containsPattern("ChecksumSHA256=[A-Za-z0-9+/=]+-[2-9][0-9]*,");

        for (Map.Entry<String, String> file : expected.entrySet()) {
            Path fetched = out.resolve(file.getKey());
            assertThat(Files.size(fetched)).isEqualTo(FILE_BYTES);
            assertThat(S3TestData.sha256(fetched)).as(file.getKey()).isEqualTo(file.getValue());
        }
        assertThat(Files.readString(out.resolve("stdout"))).isEqualTo("big\n");
        try (var listed = Files.list(out.resolve("outputs"))) {
            assertThat(listed.map(p -> "outputs/" + p.getFileName()).sorted().toList())
                    .isEqualTo(List.copyOf(expected.keySet()));
        }
    }

    /** Writes {@code size} bytes that deflate compresses fast; answers their hex SHA-256. */
    private static String write(Path file, long size, int seed) throws Exception {
        Random random = new Random(seed);
        byte[] pattern = new byte[4 << 10];
        random.nextBytes(pattern);
        byte[] block = new byte[1 << 20];
        for (int at = 0; at < block.length; at += pattern.length) {
            System.arraycopy(pattern, 0, block, at, pattern.length);
        }
        byte[] noise = new byte[16 << 10];
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream os = new DigestOutputStream(Files.newOutputStream(file), sha)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(noise);
                System.arraycopy(noise, 0, block, 0, noise.length);
                os.write(block, 0, (int) Math.min(left, block.length));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static long number(String output, String name) {
        Matcher m = Pattern.compile(name + "=(\\d+)").matcher(output);
        assertThat(m.find()).as("%s in the output:\n%s", name, output).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static String tail(Path log) throws IOException {
        String text = Files.exists(log) ? Files.readString(log) : "";
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }
}
