package io.caravel.activities.providers.s3;

import io.caravel.activities.spi.ExecutionContext.ProgressSink;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Downloads objects into a directory, several at once, each streamed to its file: memory use is one
 * {@link #BUFFER_BYTES} buffer per running transfer, whatever the object sizes. An object of more
 * than {@link #RANGE_THRESHOLD} bytes is fetched as byte ranges of {@link #RANGE_BYTES} in
 * parallel, each written at its place in the file. Every request is pinned to the object's ETag
 * (If-Match) and version, so an object replaced meanwhile fails the download (retryably) rather
 * than mixing two versions.
 */
public final class S3Downloader {
    static final long RANGE_THRESHOLD = 64L << 20;
    static final long RANGE_BYTES = 16L << 20;
    private static final int BUFFER_BYTES = 256 << 10;

    private final int parallelism;

    /**
     * @param parallelism transfers at once, at least 1
     */
    public S3Downloader(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException(
                    "parallelism must be at least 1, got " + parallelism);
        }
        this.parallelism = parallelism;
    }

    /**
     * Downloads {@code objects} of {@code bucket} to their local paths under {@code dir}.
     *
     * @return the bytes written
     * @throws CaravelException from {@link S3Errors}, {@code SPEC_INVALID} when an object's key
     *     would land outside {@code dir}, {@code STORAGE_UNAVAILABLE} when an object is shorter
     *     than listed
     * @throws InterruptedException when interrupted or {@code cancelled} turns true
     */
    public long download(
            S3Client s3,
            String endpoint,
            String bucket,
            List<S3ObjectRef> objects,
            Path dir,
            ProgressSink progress,
            BooleanSupplier cancelled)
            throws InterruptedException, IOException {
        Path root = dir.toAbsolutePath().normalize();
        List<Callable<Void>> transfers = new ArrayList<>();
        long sum = 0;
        for (S3ObjectRef o : objects) {
            Path file = target(root, o);
            Files.createDirectories(file.getParent());
            Files.createFile(file);
            sum += o.size();
            if (o.size() > RANGE_THRESHOLD) {
                for (long start = 0; start < o.size(); start += RANGE_BYTES) {
                    long from = start;
                    long to = Math.min(o.size(), start + RANGE_BYTES) - 1;
                    transfers.add(() -> fetch(s3, endpoint, bucket, o, file, from, to, cancelled));
                }
            } else if (o.size() > 0) {
                transfers.add(
                        () -> fetch(s3, endpoint, bucket, o, file, 0, o.size() - 1, cancelled));
            }
        }
        long total = sum;
        int count = transfers.size();
        ParallelTransfers.run(
                transfers,
                parallelism,
                "s3-download",
                done -> {
                    if (done % 100 == 0 || done == count) {
                        progress.report(
                                "s3: "
                                        + done
                                        + " of "
                                        + count
                                        + " transfers done ("
                                        + objects.size()
                                        + " objects, "
                                        + total
                                        + " bytes)");
                    }
                });
        return total;
    }

    private static Path target(Path root, S3ObjectRef o) {
        Path file = root.resolve(o.localPath()).normalize();
        if (o.localPath().isEmpty() || !file.startsWith(root) || file.equals(root)) {
            throw new CaravelException(
                    ErrorCode.SPEC_INVALID,
                    "object s3://…/"
                            + o.key()
                            + " would be written outside the input's directory (local path \""
                            + o.localPath()
                            + "\")",
                    "leave such keys out with a Filter, or read a prefix that does not contain them");
        }
        return file;
    }

    private static Void fetch(
            S3Client s3,
            String endpoint,
            String bucket,
            S3ObjectRef o,
            Path file,
            long from,
            long to,
            BooleanSupplier cancelled)
            throws IOException {
        GetObjectRequest.Builder request =
                GetObjectRequest.builder()
                        .bucket(bucket)
                        .key(o.key())
                        .range("bytes=" + from + "-" + to);
        if (o.eTag() != null && !o.eTag().isEmpty()) {
            request.ifMatch(o.eTag());
        }
        if (!o.versionId().isEmpty()) {
            request.versionId(o.versionId());
        }
        long expected = to - from + 1;
        long written = 0;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request.build());
                FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            written = copy(in, out, from, cancelled);
        } catch (SdkException e) {
            throw S3Errors.translate(e, "download", bucket, o.key(), endpoint);
        }
        if (written != expected) {
            throw new CaravelException(
                    ErrorCode.STORAGE_UNAVAILABLE,
                    "s3://"
                            + bucket
                            + "/"
                            + o.key()
                            + ": bytes "
                            + from
                            + "-"
                            + to
                            + " gave "
                            + written
                            + " bytes instead of "
                            + expected,
                    "the object changed or the connection broke; the step is retried");
        }
        return null;
    }

    private static long copy(
            InputStream in, FileChannel out, long position, BooleanSupplier cancelled)
            throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        long written = 0;
        int n;
        while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
            if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                throw new ParallelTransfers.Stopped();
            }
            ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
            while (b.hasRemaining()) {
                written += out.write(b, position + written);
            }
        }
        return written;
    }
}
