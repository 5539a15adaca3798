package io.caravel.activities.providers.inline;

import io.caravel.activities.files.FileTrees;
import io.caravel.activities.files.TarGzExtractor;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.errors.Problem;
import io.caravel.api.model.InputSource;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.inline.InlineSourceSpec;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;

/**
 * The {@code inline} input source: data carried in the spec as a {@code data:} URL (at most {@link
 * InlineSourceSpec#MAX_ENCODED_BYTES}, the one limit on what a spec may carry, checked when the
 * spec is decoded). Data of media type {@code application/gzip} is a tar archive extracted, safely
 * and within {@link TarGzExtractor.Limits}, into a directory; anything else becomes one file.
 * Either is staged read-only at the input's target. The staged size is the decoded size: the bytes
 * of the file, or the uncompressed bytes of the archive's files, as Bacalhau reports.
 */
public final class InlineSource implements InputSourceProvider {
    /** The name of the file or directory written into the scratch directory. */
    static final String STAGED_NAME = "inline";

    private final TarGzExtractor extractor;

    /** An inline source extracting tarballs within {@link TarGzExtractor.Limits#DEFAULTS}. */
    public InlineSource() {
        this(TarGzExtractor.Limits.DEFAULTS);
    }

    public InlineSource(TarGzExtractor.Limits limits) {
        this.extractor = new TarGzExtractor(Objects.requireNonNull(limits, "limits"));
    }

    @Override
    public String type() {
        return SpecTypes.SOURCE_INLINE;
    }

    /**
     * Writes the data under {@code scratchDir} and stages it at the input's target, read-only.
     *
     * @throws CaravelException ({@code SPEC_INVALID}, not retryable) when the URL is malformed, or
     *     the gzip data is not a tar archive or holds an entry that is refused (named in the
     *     message)
     * @throws UncheckedIOException when the scratch directory cannot be written (retryable)
     */
    @Override
    public StagedInput stage(InputSource source, Path scratchDir, ExecutionContext execution) {
        InlineSourceSpec spec = InlineSourceSpec.decode(source.source());
        byte[] data = spec.decode();
        Path staged = scratchDir.toAbsolutePath().normalize().resolve(STAGED_NAME);
        try {
            // A staging retried on this node starts from nothing.
            FileTrees.delete(staged);
            long size;
            if (spec.isGzip()) {
                Files.createDirectory(staged);
                size = extract(data, staged);
            } else {
                Files.write(staged, data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                size = data.length;
            }
            return new StagedInput(staged.toString(), source.target(), true, size);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write inline data for " + source.target() + " into " + scratchDir, e);
        }
    }

    private long extract(byte[] data, Path dir) throws IOException {
        try {
            return extractor.extract(new ByteArrayInputStream(data), dir).bytes();
        } catch (TarGzExtractor.RefusedException e) {
            TarGzExtractor.Limits limits = extractor.limits();
            throw new CaravelException(
                    ErrorCode.SPEC_INVALID,
                    "inline data of media type application/gzip: " + e.getMessage(),
                    "give a gzip tar archive of regular files and directories with relative names (no '..', no "
                            + "links, no devices), at most "
                            + limits.maxEntries()
                            + " entries, "
                            + (limits.maxFileBytes() >> 20)
                            + " MiB a file and "
                            + (limits.maxTotalBytes() >> 20)
                            + " MiB in all; use a media type other than application/gzip for a single file",
                    List.of(new Problem("Params.URL", e.getMessage())),
                    e);
        }
    }
}
