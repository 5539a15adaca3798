package io.caravel.activities.providers.s3;

import io.caravel.activities.cache.InputCache;
import io.caravel.activities.files.FileTrees;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.InputSource;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.s3.S3SourceSpec;
import io.caravel.api.quantity.Quantities;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code s3} input source (BACALHAU-SPEC 6.2, 6.3): selects the objects first (HEAD or listing,
 * filter, partition), so their total size is known and checked against the task's disk request
 * before a byte is downloaded, then downloads them in parallel into a fresh directory staged at the
 * input's target; its size is the sum of the object sizes.
 *
 * <p>With the node's {@link InputCache} on, the download goes through it, keyed by {@link
 * S3CacheKey} (endpoint, bucket, and each object's version id and ETag as the HEAD or the listing
 * gave them): a later job selecting the same objects is staged from the cache without a GET. The
 * selection (HEAD or listing, and the {@code ChecksumSHA256} check) runs for every job, cached or
 * not. Staged from the cache, the directory is read-only, since its files are shared with the
 * cache; without the cache (or for a selection larger than the whole cache, which would be evicted
 * at once) it is read-write, as in Bacalhau.
 */
public final class S3Source implements InputSourceProvider {
    /** The directory written into the scratch directory. */
    static final String STAGED_NAME = "s3";

    private final S3Clients clients;
    private final S3Downloader downloader;
    private final InputCache cache;

    /** A source without a cache: every job downloads its objects. */
    public S3Source(S3Clients clients) {
        this(clients, InputCache.disabled());
    }

    public S3Source(S3Clients clients, InputCache cache) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.downloader = new S3Downloader(clients.settings().transferParallelism());
    }

    @Override
    public String type() {
        return SpecTypes.SOURCE_S3;
    }

    /**
     * @throws CaravelException {@code SPEC_INVALID} for invalid params; {@code INPUT_TOO_LARGE}
     *     when the objects exceed the task's disk request; {@code CHECKSUM_MISMATCH}; {@code
     *     STORAGE_NOT_FOUND} or {@code STORAGE_REFUSED} (not retryable) and {@code
     *     STORAGE_UNAVAILABLE} (retryable)
     */
    @Override
    public StagedInput stage(InputSource source, Path scratchDir, ExecutionContext execution)
            throws InterruptedException {
        S3SourceSpec spec = S3SourceSpec.decode(source.source());
        String endpoint = clients.endpoint(spec.endpoint());
        var s3 = clients.client(spec.endpoint(), spec.region());
        int count = Math.max(1, execution.job().count());
        List<S3ObjectRef> objects =
                S3ObjectSelector.select(s3, endpoint, spec, execution.partitionIndex(), count);
        long total = objects.stream().mapToLong(S3ObjectRef::size).sum();
        checkDisk(execution, spec, objects.size(), total);
        execution
                .progress()
                .report(
                        "s3: staging "
                                + objects.size()
                                + " objects, "
                                + total
                                + " bytes, from s3://"
                                + spec.bucket()
                                + "/"
                                + spec.key());
        Path staged = scratchDir.toAbsolutePath().normalize().resolve(STAGED_NAME);
        // An input larger than the whole cache would be evicted at once: it goes straight to the
        // job.
        Optional<String> cacheKey =
                cache.enabled() && total <= cache.maxBytes()
                        ? S3CacheKey.of(
                                endpoint, spec.bucket(), spec.key(), spec.checksumSha256(), objects)
                        : Optional.empty();
        InputCache.Fetcher download =
                dir ->
                        downloader.download(
                                s3,
                                endpoint,
                                spec.bucket(),
                                objects,
                                dir,
                                execution.progress(),
                                execution.cancelled());
        try {
            // A staging retried on this node starts from nothing.
            FileTrees.delete(staged);
            if (cacheKey.isPresent()) {
                if (cache.stage(cacheKey.get(), download, staged).hit()) {
                    execution
                            .progress()
                            .report(
                                    "s3: s3://"
                                            + spec.bucket()
                                            + "/"
                                            + spec.key()
                                            + " staged from the node's input cache");
                }
                return new StagedInput(staged.toString(), source.target(), true, total);
            }
            Files.createDirectories(staged);
            download.fetchInto(staged);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(
                    "cannot write the objects of s3://"
                            + spec.bucket()
                            + "/"
                            + spec.key()
                            + " into "
                            + staged,
                    e);
        }
        return new StagedInput(staged.toString(), source.target(), false, total);
    }

    private static void checkDisk(
            ExecutionContext execution, S3SourceSpec spec, int objects, long total) {
        String disk =
                execution.task().resources() == null ? "" : execution.task().resources().disk();
        if (disk == null || disk.isBlank()) {
            return;
        }
        long requested = Quantities.parseBytes(disk, "disk");
        if (requested > 0 && total > requested) {
            throw new CaravelException(
                    ErrorCode.INPUT_TOO_LARGE,
                    "the s3 input s3://"
                            + spec.bucket()
                            + "/"
                            + spec.key()
                            + " is "
                            + total
                            + " bytes ("
                            + objects
                            + " objects), more than the task's disk"
                            + " request of "
                            + disk.strip()
                            + " ("
                            + requested
                            + " bytes)",
                    "request more disk (Resources.Disk), or read less with Key, Filter or Partition");
        }
    }
}
