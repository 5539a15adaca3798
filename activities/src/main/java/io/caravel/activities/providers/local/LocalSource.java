package io.caravel.activities.providers.local;

import io.caravel.activities.spi.ExecutionContext;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.InputSource;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.local.LocalAllowList;
import io.caravel.api.providers.local.LocalSourceSpec;
import io.caravel.api.providers.local.LocalSourceSpec.CreateAs;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code local} input source (also registered as its deprecated alias {@code localDirectory}):
 * a path on the worker, staged where it is (no copy) at the input's target, read-only unless the
 * source asks for {@code ReadWrite}. The worker's {@link LocalAllowList} judges the path's real
 * location, so {@code ..} and symbolic links cannot reach outside an allowed path, and stages the
 * real path it judged (never the requested one, which a link swapped in later could redirect); the
 * docker engine checks again, when it mounts it, that it is still that path, and the wasm engine
 * opens it without following links and keeps it open. A missing path is created ({@code CreateAs}
 * dir: directories of mode 0700; file: its parent directories and an empty file of mode 0600) only
 * when the allow-list grants write access. Like Bacalhau, the path is never cleaned up and its size
 * is reported as 0.
 */
public final class LocalSource implements InputSourceProvider {
    private static final String DISABLED_HINT =
            "local sources are disabled on this worker: its allowedLocalPaths "
                    + "is empty; add a glob such as \"/data/**\" (\"/data/**:rw\" for write access) to the worker's "
                    + "allowedLocalPaths (Bacalhau: Compute.AllowListedLocalPaths)";
    private static final Set<PosixFilePermission> DIR_MODE =
            PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE =
            PosixFilePermissions.fromString("rw-------");

    private final LocalAllowList allowList;

    /**
     * A local source judging paths by the worker's {@code allowList}; an empty list refuses every
     * path.
     */
    public LocalSource(LocalAllowList allowList) {
        this.allowList = Objects.requireNonNull(allowList, "allowList");
    }

    @Override
    public String type() {
        return SpecTypes.SOURCE_LOCAL;
    }

    /**
     * Checks the path against the allow-list, creates it when the source says so and may, and
     * stages its real path at the input's target. {@code scratchDir} is not used.
     *
     * @throws CaravelException ({@code SPEC_INVALID}, not retryable) when the params are invalid,
     *     the path is not allow-listed (or not for writing), missing and not to be created, or a
     *     path ending in {@code /} is to be created as a file
     * @throws UncheckedIOException when creating the path fails
     */
    @Override
    public StagedInput stage(InputSource source, Path scratchDir, ExecutionContext execution) {
        LocalSourceSpec spec = LocalSourceSpec.decode(source.source());
        Path requested = Path.of(spec.sourcePath());
        if (!allowList.isEnabled()) {
            throw new CaravelException(
                    ErrorCode.SPEC_INVALID,
                    "volume " + requested + " is not allowlisted",
                    DISABLED_HINT);
        }
        // Staged is exactly the real path the allow-list judged; requested is never resolved again.
        Path real = allowList.check(requested, spec.readWrite(), spec.createAs());
        if (!Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
            create(spec, real);
            // Judge again what was created: the allow-list must hold for the path as it now is.
            Path created = allowList.check(real, spec.readWrite(), CreateAs.NO_CREATE);
            if (!created.equals(real)) {
                throw new CaravelException(
                        ErrorCode.SPEC_INVALID,
                        "volume "
                                + requested
                                + " changed while it was"
                                + " created: "
                                + real
                                + " now leads to "
                                + created,
                        "mount a path no running job can write");
            }
        }
        return new StagedInput(real.toString(), source.target(), !spec.readWrite(), 0);
    }

    /**
     * Whether the task's input at {@code index} comes from this source (under either of its type
     * strings): its staged path is then the real path the allow-list judged, which the engines must
     * mount as it is.
     */
    public static boolean isLocal(List<InputSource> sources, int index) {
        if (index >= sources.size() || sources.get(index).source() == null) {
            return false;
        }
        String type = sources.get(index).source().typeKey();
        return type.equals(SpecTypes.SOURCE_LOCAL)
                || type.equals(SpecTypes.SOURCE_LOCAL_DIRECTORY.toLowerCase(Locale.ROOT));
    }

    /**
     * Creates the missing {@code real} path as the spec's CreateAs says; {@code check} allowed it.
     */
    private static void create(LocalSourceSpec spec, Path real) {
        try {
            if (spec.createAs() == CreateAs.DIR) {
                Files.createDirectories(real, mode(real, DIR_MODE));
            } else if (spec.createAs() == CreateAs.FILE) {
                if (spec.sourcePath().endsWith("/")) {
                    throw new CaravelException(
                            ErrorCode.SPEC_INVALID,
                            "volume "
                                    + spec.sourcePath()
                                    + " is a directory but CreateAs is set to file",
                            "remove the trailing / from SourcePath, or set CreateAs to dir");
                }
                Files.createDirectories(real.getParent(), mode(real.getParent(), DIR_MODE));
                try {
                    Files.createFile(real, mode(real.getParent(), FILE_MODE));
                } catch (FileAlreadyExistsException e) {
                    // Created meanwhile by someone else: stage what is there.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create "
                            + real
                            + " for a local source (CreateAs "
                            + spec.createAs().value()
                            + ")",
                    e);
        }
    }

    /**
     * {@code perms} as a creation attribute where the file system has POSIX permissions, else none.
     */
    private static FileAttribute<?>[] mode(Path near, Set<PosixFilePermission> perms)
            throws IOException {
        Path existing = near;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        boolean posix =
                existing != null && Files.getFileStore(existing).supportsFileAttributeView("posix");
        return posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)}
                : new FileAttribute<?>[0];
    }
}
