package io.caravel.activities.providers.ipfs;

import io.caravel.activities.cache.InputCache;
import io.caravel.activities.files.FileTrees;
import io.caravel.activities.files.TarGzExtractor;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.InputSource;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.ipfs.IpfsSourceSpec;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The {@code ipfs} input source: the content of a CID, fetched from the node's Kubo (through the
 * node's {@link InputCache}, keyed {@code ipfs:<CID>}: content addressed, so a cached CID is staged
 * without asking Kubo at all) and staged read-only at the input's target, a file for a file CID and
 * a directory for a directory CID, as Bacalhau mounts it. The CID's size (Kubo's cumulative size)
 * is checked against the limit before anything is fetched, and the extraction enforces it again on
 * the bytes themselves.
 */
public final class IpfsSource implements InputSourceProvider {
    /** The directory under the scratch directory that receives the content. */
    static final String STAGED_DIR = "ipfs";

    /** The most files and directories one CID may hold. */
    public static final int MAX_ENTRIES = 1_000_000;

    private final KuboClient kubo;
    private final InputCache cache;
    private final long maxBytes;
    private final TarGzExtractor extractor;

    /**
     * @param maxBytes the largest CID (files' bytes together) staged
     */
    public IpfsSource(KuboClient kubo, InputCache cache, long maxBytes) {
        this.kubo = Objects.requireNonNull(kubo, "kubo");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.maxBytes = maxBytes;
        this.extractor =
                new TarGzExtractor(new TarGzExtractor.Limits(MAX_ENTRIES, maxBytes, maxBytes));
    }

    @Override
    public String type() {
        return SpecTypes.SOURCE_IPFS;
    }

    /**
     * @throws CaravelException {@code SPEC_INVALID} for params without a CID; {@code
     *     REMOTE_REFUSED} (not retryable) with Kubo's message for an invalid CID, or when the
     *     content is over the limit or holds a symbolic link; {@code REMOTE_UNAVAILABLE}
     *     (retryable) when Kubo cannot be reached or does not hold the blocks
     */
    @Override
    public StagedInput stage(InputSource source, Path scratchDir, ExecutionContext execution)
            throws InterruptedException {
        String cid = IpfsSourceSpec.decode(source.source()).cid();
        Path destination = scratchDir.toAbsolutePath().normalize().resolve(STAGED_DIR);
        try {
            // A staging retried on this node starts from nothing.
            FileTrees.delete(destination);
            InputCache.Staged staged =
                    cache.stage("ipfs:" + cid, dir -> fetch(cid, dir, execution), destination);
            if (staged.hit()) {
                execution.progress().report("ipfs: " + cid + " staged from the node's input cache");
            }
            return new StagedInput(
                    single(destination).toString(), source.target(), true, staged.sizeBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage ipfs " + cid + " into " + destination, e);
        }
    }

    private void fetch(String cid, Path dir, ExecutionContext execution)
            throws IOException, InterruptedException {
        KuboClient.Stat stat = kubo.stat(cid);
        if (stat.cumulativeSize() > maxBytes) {
            throw tooLarge(cid, stat.cumulativeSize() + " bytes (Kubo's cumulative size)");
        }
        execution
                .progress()
                .report("ipfs: fetching " + cid + " (" + stat.cumulativeSize() + " bytes)");
        try {
            kubo.get(cid, dir, extractor);
        } catch (TarGzExtractor.RefusedException e) {
            if (e.getMessage().contains("bytes")) {
                throw tooLarge(cid, e.getMessage());
            }
            throw new CaravelException(
                    ErrorCode.REMOTE_REFUSED,
                    "ipfs " + cid + " cannot be staged: " + e.getMessage(),
                    "inputs hold regular files and directories only",
                    List.of(),
                    e);
        }
    }

    private CaravelException tooLarge(String cid, String what) {
        return new CaravelException(
                ErrorCode.REMOTE_REFUSED,
                "ipfs "
                        + cid
                        + " is larger than this node's limit of "
                        + maxBytes
                        + " bytes: "
                        + what,
                "raise the worker's inputMaxBytes, or use a smaller input");
    }

    /** The one file or directory the fetch left in {@code dir}. */
    private static Path single(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            List<Path> children = list.toList();
            if (children.size() != 1) {
                throw new IOException(
                        "expected one entry from Kubo's get in "
                                + dir
                                + ", found "
                                + children.size());
            }
            return children.get(0);
        }
    }
}
