package io.caravel.activities.providers.wasm;

import io.caravel.activities.files.FileTrees;
import io.caravel.activities.node.ResultsLayout;
import io.caravel.activities.providers.local.LocalSource;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.ResultPath;
import io.caravel.workflows.activities.StagedInputs;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The file system a module sees, as WASI pre-opened directories: each staged input at its target,
 * read-only, and each result path writable at {@code /<Name>} (its directory {@code
 * <results>/<Name>}), as Bacalhau mounts them; a result is also mounted at its {@code Path} when
 * that names no other mount, lies inside none and holds none, and no other result has the same
 * {@code Path}. A file input cannot be pre-opened by itself, so the files whose targets share a
 * guest directory are linked into one directory of the execution's own, which is pre-opened at that
 * guest directory. Every mount is a {@link ConfinedFileSystem}, so no link leads the module outside
 * it, opened when the module starts; a {@code local} input is opened as the path the allow-list
 * judged, or refused when a link has taken its place. Module paths ({@code EntryModule}, {@code
 * ImportModules}) resolve against the inputs only.
 *
 * @param preopens guest directory (absolute, normalised) to its mount, in mount order
 * @param inputs input target (absolute, normalised) to its host path (file or directory)
 */
record WasmFileSystem(Map<String, WasmFileSystem.Mount> preopens, Map<String, Path> inputs) {

    /**
     * A host directory to pre-open.
     *
     * @param target the input target it serves, for messages; null for the engine's own directories
     * @param quota what the module may write, for a writable mount; null for a read-only one
     * @param linkedFiles files outside {@code host} that the engine's own links in it lead to
     */
    record Mount(
            ConfinedFileSystem.Host host,
            String target,
            DiskQuota quota,
            List<ConfinedFileSystem.Host> linkedFiles) {
        Mount {
            linkedFiles = List.copyOf(linkedFiles);
        }

        boolean writable() {
            return quota != null;
        }

        /**
         * The directory as the module may reach it, opened now; close its file system after use.
         */
        Path confined() throws IOException {
            try {
                return ConfinedFileSystem.mount(host, quota, linkedFiles);
            } catch (FileSystemException e) {
                boolean checked =
                        host.asChecked()
                                || linkedFiles.stream()
                                        .anyMatch(ConfinedFileSystem.Host::asChecked);
                if (!checked) {
                    throw e;
                }
                throw new CaravelException(
                        ErrorCode.SPEC_INVALID,
                        "local input "
                                + target
                                + ": volume "
                                + e.getFile()
                                + " changed since it was checked: "
                                + e.getReason(),
                        "the path was replaced "
                                + "after the allow-list check (a link put in its place); mount a path that no job can write"
                                + " above");
            }
        }
    }

    /**
     * The pre-opened directories of one run, open until closed: guest directory to confined
     * directory.
     */
    static final class Opened implements AutoCloseable {
        private final Map<String, Path> preopens = new LinkedHashMap<>();

        Map<String, Path> preopens() {
            return Collections.unmodifiableMap(preopens);
        }

        @Override
        public void close() throws IOException {
            for (Path root : preopens.values()) {
                root.getFileSystem().close();
            }
        }
    }

    WasmFileSystem {
        preopens = Collections.unmodifiableMap(new LinkedHashMap<>(preopens));
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    /**
     * Lays out the guest file system of one execution, creating the result directories and the
     * directories that hold file inputs (under {@code linkDir}). The result directories share
     * {@code quota}. The inputs that {@code sources} says are {@code local} are mounted as they
     * were checked (see {@link ConfinedFileSystem.Host}).
     *
     * @throws CaravelException ({@code EXECUTION_FAILED}) when a result name is also an input
     *     target, or a file input's guest directory is already a directory input
     */
    static WasmFileSystem create(
            StagedInputs staged,
            List<InputSource> sources,
            List<ResultPath> resultPaths,
            Path resultsDir,
            Path linkDir,
            DiskQuota quota)
            throws IOException {
        // A retried execution on this node starts from fresh links.
        if (Files.exists(linkDir, LinkOption.NOFOLLOW_LINKS)) {
            FileTrees.delete(linkDir);
        }
        Map<String, Path> inputs = new LinkedHashMap<>();
        Map<String, Mount> preopens = new LinkedHashMap<>();
        Map<String, Path> fileDirs = new LinkedHashMap<>();
        Map<String, List<ConfinedFileSystem.Host>> linked = new LinkedHashMap<>();
        Set<String> checked = new HashSet<>();
        Set<String> dirs = new HashSet<>();
        for (int i = 0; i < staged.inputs().size(); i++) {
            StagedInputs.StagedInput input = staged.inputs().get(i);
            String target = guestPath(input.target());
            Path host = Path.of(input.hostPath());
            inputs.put(target, host);
            boolean local = LocalSource.isLocal(sources, i);
            if (local) {
                checked.add(target);
            }
            // A local input is taken as it is: a link there now is refused when it is mounted.
            if (local
                    ? Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)
                    : Files.isDirectory(host)) {
                dirs.add(target);
                preopens.put(
                        target,
                        new Mount(
                                new ConfinedFileSystem.Host(host, local), target, null, List.of()));
            }
        }
        for (Map.Entry<String, Path> input : inputs.entrySet()) {
            if (dirs.contains(input.getKey())) {
                continue;
            }
            String target = input.getKey();
            String parent = parentOf(target);
            if (preopens.containsKey(parent)) {
                throw failed(
                        "input target "
                                + target
                                + " lies in "
                                + parent
                                + ", which is already a directory input",
                        "give file inputs targets outside the directories of other inputs");
            }
            Path dir = fileDirs.get(parent);
            if (dir == null) {
                dir = linkDir.resolve(Integer.toString(fileDirs.size()));
                Files.createDirectories(dir);
                fileDirs.put(parent, dir);
            }
            Path file = input.getValue().toAbsolutePath();
            Files.createSymbolicLink(
                    dir.resolve(target.substring(target.lastIndexOf('/') + 1)), file);
            linked.computeIfAbsent(parent, p -> new ArrayList<>())
                    .add(new ConfinedFileSystem.Host(file, checked.contains(target)));
        }
        fileDirs.forEach(
                (guest, dir) ->
                        preopens.put(
                                guest,
                                new Mount(
                                        new ConfinedFileSystem.Host(dir, false),
                                        guest,
                                        null,
                                        linked.get(guest))));
        for (ResultPath resultPath : resultPaths) {
            String guest = "/" + resultPath.name();
            Path dir = ResultsLayout.resultPathDir(resultsDir, resultPath);
            if (inputs.containsKey(guest) || preopens.containsKey(guest)) {
                throw failed(
                        "output name \"" + resultPath.name() + "\" conflicts with input target",
                        "rename the result path or move the input");
            }
            Files.createDirectories(dir);
            preopens.put(
                    guest,
                    new Mount(new ConfinedFileSystem.Host(dir, false), null, quota, List.of()));
        }
        addResultPathAliases(resultPaths, preopens);
        return new WasmFileSystem(preopens, inputs);
    }

    /** Mounts each result at its {@code Path} too, where that is unambiguous. */
    private static void addResultPathAliases(
            List<ResultPath> resultPaths, Map<String, Mount> preopens) {
        Map<String, Integer> uses = new HashMap<>();
        for (ResultPath resultPath : resultPaths) {
            if (!resultPath.path().isBlank()) {
                uses.merge(guestPath(resultPath.path()), 1, Integer::sum);
            }
        }
        for (ResultPath resultPath : resultPaths) {
            if (resultPath.path().isBlank()) {
                continue;
            }
            String alias = guestPath(resultPath.path());
            boolean clear =
                    !alias.equals("/")
                            && uses.get(alias) == 1
                            && preopens.keySet().stream()
                                    .noneMatch(other -> overlaps(alias, other));
            if (clear) {
                preopens.put(alias, preopens.get("/" + resultPath.name()));
            }
        }
    }

    private static boolean overlaps(String a, String b) {
        return a.equals(b)
                || a.startsWith(b + "/")
                || b.startsWith(a + "/")
                || a.equals("/")
                || b.equals("/");
    }

    /**
     * The pre-opened directories as the module reaches them, each opened now (guest directory to
     * confined host directory); close them when the module is done.
     *
     * @throws CaravelException ({@code SPEC_INVALID}) naming the input when a {@code local} input
     *     is no longer the path that was checked
     */
    Opened open() throws IOException {
        Opened opened = new Opened();
        try {
            for (Map.Entry<String, Mount> mount : preopens.entrySet()) {
                opened.preopens.put(mount.getKey(), mount.getValue().confined());
            }
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    /**
     * The host file of the module at guest path {@code path}: an input's target, a path inside a
     * directory input, or a directory (either) holding exactly one {@code .wasm} file; as for the
     * module itself, a symbolic link in a directory input that leads outside it is not followed.
     *
     * @param what names the param in messages, e.g. {@code EntryModule}
     */
    Path module(String path, String what) throws IOException {
        String guest = guestPath(path);
        Path host = inputs.get(guest);
        if (host == null) {
            for (Map.Entry<String, Path> input : inputs.entrySet()) {
                String prefix = input.getKey().equals("/") ? "/" : input.getKey() + "/";
                if (guest.startsWith(prefix) && Files.isDirectory(input.getValue())) {
                    Path candidate =
                            input.getValue().resolve(guest.substring(prefix.length())).normalize();
                    if (candidate.startsWith(input.getValue())
                            && Files.exists(candidate)
                            && realInside(candidate, input.getValue())) {
                        host = candidate;
                        break;
                    }
                }
            }
        }
        if (host == null) {
            throw failed(
                    what
                            + " "
                            + path
                            + " is not in the task's inputs (targets: "
                            + String.join(", ", inputs.keySet())
                            + ")",
                    "set "
                            + what
                            + " to the Target of the input "
                            + "source holding the module, or a path inside it");
        }
        if (!Files.isDirectory(host)) {
            return host;
        }
        List<Path> modules = new ArrayList<>();
        try (Stream<Path> files = Files.list(host)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(".wasm")
                        && Files.isRegularFile(f)
                        && realInside(f, host)) {
                    modules.add(f);
                }
            }
        }
        if (modules.size() != 1) {
            throw failed(
                    what
                            + " "
                            + path
                            + " is a directory holding "
                            + modules.size()
                            + " .wasm files",
                    "a directory named as a module must contain exactly one .wasm file; name the file itself");
        }
        return modules.get(0);
    }

    /**
     * Whether {@code path}, its links followed, lies in {@code root}: a link in an input leads
     * nowhere outside it.
     */
    private static boolean realInside(Path path, Path root) throws IOException {
        return path.toRealPath().startsWith(root.toRealPath());
    }

    /** {@code path} absolute and normalised: Bacalhau ignores a missing leading {@code /}. */
    static String guestPath(String path) {
        String normalized =
                Path.of("/")
                        .resolve(path.startsWith("/") ? path.substring(1) : path)
                        .normalize()
                        .toString();
        return normalized.isEmpty() ? "/" : normalized;
    }

    private static String parentOf(String guest) {
        int slash = guest.lastIndexOf('/');
        return slash <= 0 ? "/" : guest.substring(0, slash);
    }

    static CaravelException failed(String message, String hint) {
        return new CaravelException(ErrorCode.EXECUTION_FAILED, message, hint);
    }
}
