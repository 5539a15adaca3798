package io.caravel.activities.providers.s3;

import io.caravel.activities.files.BlockOutputStream;
import io.caravel.api.errors.CaravelException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * An output stream that becomes one S3 object, without a temporary copy: bytes are cut into parts
 * of {@link #PART_BYTES}, each uploaded (several at once) as soon as it is full. Data that fits in
 * one part is sent with a single PUT instead. Memory use is at most {@code parallelism + 1} parts.
 * With {@code sha256}, every request carries the SHA-256 of its bytes, so S3 checks them and
 * reports the object's checksum (for a multipart upload, the checksum of the part checksums
 * followed by {@code -<parts>}, as S3 defines it). {@link #complete()} finishes the upload; closing
 * without completing (after a failure) aborts it, so no parts are left behind.
 */
public final class S3UploadStream extends BlockOutputStream {
    /** Part size: with S3's limit of 10,000 parts, objects up to about 78 GiB. */
    public static final int PART_BYTES = 8 << 20;

    public static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final String endpoint;
    private final String bucket;
    private final String key;
    private final boolean sha256;
    private final Semaphore inFlight;
    private final ExecutorService pool;
    private final List<Future<CompletedPart>> parts = new ArrayList<>();
    private String uploadId;
    private boolean finished;

    /** The result of a completed upload, as S3 answered; empty strings where it gave nothing. */
    public record Uploaded(String eTag, String versionId, String checksumSha256, int parts) {}

    public S3UploadStream(
            S3Client s3,
            String endpoint,
            String bucket,
            String key,
            boolean sha256,
            int parallelism) {
        super(PART_BYTES);
        this.s3 = s3;
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.key = key;
        this.sha256 = sha256;
        this.inFlight = new Semaphore(Math.max(1, parallelism));
        this.pool = blockWorkers("s3-upload", parallelism);
    }

    /**
     * Sends what is left and completes the object.
     *
     * @throws CaravelException from {@link S3Errors} when S3 refuses or cannot be reached
     */
    public Uploaded complete() throws IOException {
        checkOpen();
        try {
            if (uploadId == null) {
                return putWhole();
            }
            if (buffered() > 0) {
                handOn();
            }
            List<CompletedPart> done = new ArrayList<>();
            for (Future<CompletedPart> f : parts) {
                done.add(await(f));
            }
            CompleteMultipartUploadResponse r =
                    s3.completeMultipartUpload(
                            b ->
                                    b.bucket(bucket)
                                            .key(key)
                                            .uploadId(uploadId)
                                            .multipartUpload(
                                                    CompletedMultipartUpload.builder()
                                                            .parts(done)
                                                            .build()));
            finished = true;
            return new Uploaded(
                    text(r.eTag()), text(r.versionId()), text(r.checksumSHA256()), done.size());
        } catch (SdkException e) {
            throw S3Errors.translate(e, "publish to", bucket, key, endpoint);
        }
    }

    private Uploaded putWhole() {
        byte[] data = bufferedBytes();
        PutObjectRequest.Builder request =
                PutObjectRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .contentLength((long) data.length);
        if (sha256) {
            request.checksumSHA256(sha256(data, data.length));
        }
        PutObjectResponse r = s3.putObject(request.build(), RequestBody.fromBytes(data));
        finished = true;
        return new Uploaded(text(r.eTag()), text(r.versionId()), text(r.checksumSHA256()), 1);
    }

    @Override
    protected void onBlock(byte[] data, int length) throws IOException {
        if (parts.size() >= MAX_PARTS) {
            throw new IOException(
                    "s3://"
                            + bucket
                            + "/"
                            + key
                            + " would have more than "
                            + MAX_PARTS
                            + " parts of "
                            + PART_BYTES
                            + " bytes, S3's limit");
        }
        try {
            if (uploadId == null) {
                CreateMultipartUploadRequest.Builder create =
                        CreateMultipartUploadRequest.builder().bucket(bucket).key(key);
                if (sha256) {
                    create.checksumAlgorithm(ChecksumAlgorithm.SHA256);
                }
                uploadId = s3.createMultipartUpload(create.build()).uploadId();
            }
            inFlight.acquire();
        } catch (SdkException e) {
            throw S3Errors.translate(e, "publish to", bucket, key, endpoint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(
                    "interrupted while publishing to s3://" + bucket + "/" + key);
        }
        int number = parts.size() + 1;
        parts.add(
                pool.submit(
                        () -> {
                            try {
                                return uploadPart(data, length, number);
                            } finally {
                                inFlight.release();
                            }
                        }));
    }

    private CompletedPart uploadPart(byte[] data, int length, int number) {
        UploadPartRequest.Builder request =
                UploadPartRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .partNumber(number)
                        .contentLength((long) length);
        String checksum = sha256 ? sha256(data, length) : null;
        if (checksum != null) {
            request.checksumSHA256(checksum);
        }
        var response =
                s3.uploadPart(
                        request.build(),
                        RequestBody.fromBytes(
                                length == data.length
                                        ? data
                                        : java.util.Arrays.copyOf(data, length)));
        return CompletedPart.builder()
                .partNumber(number)
                .eTag(response.eTag())
                .checksumSHA256(
                        checksum == null
                                ? null
                                : text(response.checksumSHA256()).isEmpty()
                                        ? checksum
                                        : response.checksumSHA256())
                .build();
    }

    private CompletedPart await(Future<CompletedPart> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(
                    "interrupted while publishing to s3://" + bucket + "/" + key);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SdkException s) {
                throw s;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }

    @Override
    protected void checkWritable() throws IOException {
        checkOpen();
    }

    private void checkOpen() throws IOException {
        if (finished) {
            throw new IOException(
                    "the upload to s3://" + bucket + "/" + key + " is already complete");
        }
    }

    /** Frees the threads; an upload not completed is aborted, so S3 keeps none of its parts. */
    @Override
    public void close() {
        pool.shutdownNow();
        if (!finished && uploadId != null) {
            try {
                s3.abortMultipartUpload(
                        AbortMultipartUploadRequest.builder()
                                .bucket(bucket)
                                .key(key)
                                .uploadId(uploadId)
                                .build());
            } catch (SdkException e) {
                // The upload failed already; S3's lifecycle rules clean up what the abort could
                // not.
            }
        }
        finished = true;
    }

    static String sha256(byte[] data, int length) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(data, 0, length);
            return Base64.getEncoder().encodeToString(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
