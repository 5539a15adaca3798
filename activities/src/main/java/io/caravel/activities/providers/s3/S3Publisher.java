package io.caravel.activities.providers.s3;

import io.caravel.activities.files.StorageNames;
import io.caravel.activities.results.TarGz;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.activities.spi.Publisher;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.s3.S3KeyTemplate;
import io.caravel.api.providers.s3.S3Params;
import io.caravel.api.providers.s3.S3PublisherSpec;
import io.caravel.api.providers.s3.S3PublisherSpec.Encoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@code s3} publisher (BACALHAU-SPEC 6.1). {@code gzip} (the default) streams the tar.gz of
 * the results directory into one multipart upload at {@code <key>.tar.gz}, with no copy of the
 * archive on disk, compressed on every core (a gzip stream of one member per MiB, which every gzip
 * reader reads as one); {@code plain} uploads each regular file, several at once, at {@code
 * <key>/<relative path>}. Keys are canonical ({@link StorageNames}): a file's name is published as
 * it is, and a Key or a file name that would put an empty, {@code .} or {@code ..} segment into a
 * key fails the publish before anything is uploaded. The key's placeholders are filled in by {@link
 * S3KeyTemplate} with this node's local clock. The result is an {@code s3} spec a later job (or
 * {@code job get}) can read: {@code Bucket}, the resolved {@code Key}, the {@code Endpoint} and
 * {@code Region} used, and for an archive the {@code VersionID} and {@code ChecksumSHA256} S3
 * answered (empty when it gave none), plus the empty {@code Filter} and zero {@code Partition}
 * Bacalhau always writes.
 */
public final class S3Publisher implements Publisher {
    private final S3Clients clients;
    private final Clock clock;

    public S3Publisher(S3Clients clients) {
        this(clients, Clock.systemDefaultZone());
    }

    /**
     * @param clock the node's local clock, for {@code {date}} and {@code {time}}
     */
    public S3Publisher(S3Clients clients, Clock clock) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String type() {
        return SpecTypes.PUBLISHER_S3;
    }

    @Override
    public SpecConfig publish(ExecutionContext execution) throws InterruptedException {
        S3PublisherSpec spec = S3PublisherSpec.decode(execution.task().publisher());
        String key =
                StorageNames.checkKey(
                        S3KeyTemplate.resolve(
                                spec.key(),
                                spec.encoding(),
                                execution.job().id(),
                                execution.executionId(),
                                execution.nodeId(),
                                ZonedDateTime.now(clock)));
        String endpoint = clients.endpoint(spec.endpoint());
        String region = clients.region(spec.region());
        S3Client s3 = clients.client(spec.endpoint(), spec.region());
        String versionId = "";
        String checksum = "";
        try {
            if (spec.encoding() == Encoding.PLAIN) {
                int files =
                        uploadFiles(
                                s3,
                                endpoint,
                                spec.bucket(),
                                key,
                                execution.resultsDir(),
                                clients.settings().transferParallelism());
                execution
                        .progress()
                        .report(
                                "s3: uploaded "
                                        + files
                                        + " files to s3://"
                                        + spec.bucket()
                                        + "/"
                                        + key);
            } else {
                S3UploadStream.Uploaded uploaded =
                        uploadArchive(s3, endpoint, spec.bucket(), key, execution.resultsDir());
                versionId = uploaded.versionId();
                checksum = uploaded.checksumSha256();
                execution
                        .progress()
                        .report(
                                "s3: uploaded s3://"
                                        + spec.bucket()
                                        + "/"
                                        + key
                                        + " in "
                                        + uploaded.parts()
                                        + " parts");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot publish the results of execution "
                            + execution.executionId()
                            + " to s3://"
                            + spec.bucket()
                            + "/"
                            + key,
                    e);
        }
        return SpecConfig.of(
                SpecTypes.SOURCE_S3,
                published(spec.bucket(), key, endpoint, region, versionId, checksum));
    }

    private S3UploadStream.Uploaded uploadArchive(
            S3Client s3, String endpoint, String bucket, String key, Path resultsDir)
            throws IOException {
        try (S3UploadStream out =
                new S3UploadStream(
                        s3,
                        endpoint,
                        bucket,
                        key,
                        clients.settings().checksumMode().sha256OnArchives(),
                        clients.settings().transferParallelism())) {
            TarGz.writeParallel(resultsDir, out, Runtime.getRuntime().availableProcessors());
            return out.complete();
        }
    }

    private static int uploadFiles(
            S3Client s3,
            String endpoint,
            String bucket,
            String prefix,
            Path resultsDir,
            int parallelism)
            throws IOException, InterruptedException {
        List<StorageNames.Entry> files =
                StorageNames.list(resultsDir.toRealPath()).stream()
                        .filter(StorageNames.Entry::regularFile)
                        .toList();
        List<Callable<Void>> uploads = new ArrayList<>();
        for (StorageNames.Entry entry : files) {
            Path file = entry.path();
            String key = prefix + entry.name();
            uploads.add(
                    () -> {
                        try {
                            s3.putObject(
                                    b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
                            return null;
                        } catch (SdkException e) {
                            throw S3Errors.translate(e, "publish to", bucket, key, endpoint);
                        }
                    });
        }
        ParallelTransfers.run(uploads, parallelism, "s3-upload", done -> {});
        return files.size();
    }

    /** The published spec, in the order Bacalhau writes an S3 source's params. */
    static Map<String, Object> published(
            String bucket,
            String key,
            String endpoint,
            String region,
            String versionId,
            String checksum) {
        Map<String, Object> partition = new LinkedHashMap<>();
        partition.put("Type", "");
        partition.put("Pattern", "");
        partition.put("StartIndex", 0L);
        partition.put("EndIndex", 0L);
        partition.put("DateFormat", "");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put(S3Params.BUCKET, bucket);
        params.put(S3Params.KEY, key);
        params.put(S3Params.FILTER, "");
        params.put(S3Params.REGION, region);
        params.put(S3Params.ENDPOINT, endpoint);
        params.put(S3Params.VERSION_ID, versionId);
        params.put(S3Params.CHECKSUM_SHA256, checksum);
        params.put(S3Params.PARTITION, partition);
        return params;
    }
}
