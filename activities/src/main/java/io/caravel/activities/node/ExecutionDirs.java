package io.caravel.activities.node;

import io.caravel.activities.files.FileTrees;
import io.caravel.api.errors.CaravelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The directories of executions on this node: {@code <root>/executions/<executionId>/} holding
 * {@code inputs/}, {@code results/} (what is published, in Bacalhau's layout) and {@code logs/},
 * each created with mode 0700. Execution IDs are checked before they become a path, and the
 * directories are checked to lie under the root after creation, so no ID and no planted symbolic
 * link can make Caravel write or delete outside it.
 */
public final class ExecutionDirs {
    /** The file in an execution's directory that names its job. */
    static final String JOB_FILE = "job-id";

    /**
     * {@code e-} followed by letters, digits, {@code -}, {@code _} or {@code .}; at most 200
     * characters.
     */
    private static final Pattern ID = Pattern.compile("e-[A-Za-z0-9_.-]{1,198}");

    private static final Set<PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rwx------");

    private final Path executionsRoot;

    /** The directories of one execution. */
    public record Dirs(Path root, Path inputs, Path results, Path logs) {}

    /**
     * {@code storageRoot} is the node's storage directory; executions live in its {@code
     * executions/}.
     */
    public ExecutionDirs(Path storageRoot) {
        this.executionsRoot = storageRoot.toAbsolutePath().normalize().resolve("executions");
    }

    /** The directory that holds one directory per execution. */
    public Path executionsRoot() {
        return executionsRoot;
    }

    /**
     * Returns {@code executionId} when it is safe to use as a directory name.
     *
     * @throws CaravelException ({@code BAD_ARGUMENT}) naming the ID and the accepted form
     */
    public static String checkId(String executionId) {
        if (executionId == null
                || !ID.matcher(executionId).matches()
                || executionId.contains("..")) {
            throw CaravelException.badArgument(
                    "execution ID " + quoted(executionId),
                    "not a valid execution ID",
                    "execution IDs are e- followed by letters, digits, '-', '_' or '.' (no '..'), "
                            + "at most 200 characters, e.g. e-3f6c0b8e-1d2a-4c5b-9e7f-0a1b2c3d4e5f");
        }
        return executionId;
    }

    /** Where the execution's directories are, without creating them. */
    public Dirs of(String executionId) {
        Path root = executionsRoot.resolve(checkId(executionId));
        return new Dirs(
                root, root.resolve("inputs"), root.resolve("results"), root.resolve("logs"));
    }

    /**
     * Creates the execution's directories (mode 0700) if missing and returns them.
     *
     * @throws UncheckedIOException when they cannot be created, or resolve to outside the root
     */
    public Dirs create(String executionId) {
        Dirs dirs = of(executionId);
        try {
            createPrivate(executionsRoot);
            for (Path dir : List.of(dirs.root(), dirs.inputs(), dirs.results(), dirs.logs())) {
                if (Files.isSymbolicLink(dir)) {
                    throw new IOException(
                            dir
                                    + " is a symbolic link; execution directories must be real directories");
                }
                createPrivate(dir);
            }
            Path realRoot = executionsRoot.toRealPath();
            for (Path dir : List.of(dirs.root(), dirs.inputs(), dirs.results(), dirs.logs())) {
                if (!dir.toRealPath().getParent().startsWith(realRoot)) {
                    throw new IOException(
                            dir + " resolves to " + dir.toRealPath() + ", outside " + realRoot);
                }
            }
            return dirs;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the directories of execution " + executionId, e);
        }
    }

    /**
     * Creates the execution's directories as {@link #create(String)} does and records which job the
     * execution belongs to, so that a restarted node can ask whether it is still wanted.
     */
    public Dirs create(String executionId, String jobId) {
        Dirs dirs = create(executionId);
        Path file = dirs.root().resolve(JOB_FILE);
        try {
            if (jobId != null
                    && !jobId.isBlank()
                    && !Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.writeString(file, jobId);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the job of execution " + executionId, e);
        }
        return dirs;
    }

    /** The job recorded by {@link #create(String, String)}, if any. */
    public java.util.Optional<String> jobOf(String executionId) {
        Path file = of(executionId).root().resolve(JOB_FILE);
        try {
            if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return java.util.Optional.empty();
            }
            String job = Files.readString(file).strip();
            return job.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(job);
        } catch (IOException | UncheckedIOException e) {
            return java.util.Optional.empty();
        }
    }

    /** Empties the results directory of an execution (a retried run starts from a clean layout). */
    public void resetResults(String executionId) {
        Dirs dirs = create(executionId);
        try {
            FileTrees.delete(dirs.results());
            createPrivate(dirs.results());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot empty the results of execution " + executionId, e);
        }
    }

    /**
     * Deletes the execution's directory tree; nothing happens when it is not there. Symbolic links
     * are removed, never followed.
     *
     * @throws UncheckedIOException when something under it cannot be deleted
     */
    public void delete(String executionId) {
        try {
            FileTrees.delete(of(executionId).root());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot delete the directories of execution " + executionId, e);
        }
    }

    /** The IDs of the executions that have directories here (for clean-up of orphans). */
    public List<String> existing() {
        if (!Files.isDirectory(executionsRoot)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        try (Stream<Path> children = Files.list(executionsRoot)) {
            children.map(p -> p.getFileName().toString())
                    .filter(n -> ID.matcher(n).matches())
                    .sorted()
                    .forEach(ids::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + executionsRoot, e);
        }
        return ids;
    }

    private static void createPrivate(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        }
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
