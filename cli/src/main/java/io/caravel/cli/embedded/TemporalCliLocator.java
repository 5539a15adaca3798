package io.caravel.cli.embedded;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the Temporal CLI ({@code temporal}) that {@code caravel dev} runs its server with: on the
 * {@code PATH}, then where {@code scripts/temporal-dev.sh} installs it ({@code $CARAVEL_BIN},
 * {@code $GOPATH/bin}, {@code ~/go/bin}, Go's default {@code GOPATH}). Reads the environment it is
 * given and the file system only: no {@code go} process is started, so the search costs nothing.
 */
public final class TemporalCliLocator {
    private TemporalCliLocator() {
    }

    /** The first executable {@code temporal} of {@link #candidates}; empty when there is none. */
    public static Optional<Path> find(Map<String, String> env) {
        return candidates(env).stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /** Every place looked at, in order, for the message that says none was found. */
    public static List<Path> candidates(Map<String, String> env) {
        Set<Path> out = new LinkedHashSet<>();
        for (String dir : split(env.get("PATH"))) {
            add(out, dir);
        }
        add(out, env.get("CARAVEL_BIN"));
        for (String dir : split(env.get("GOPATH"))) {
            add(out, dir.isEmpty() ? null : dir + File.separator + "bin");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        add(out, home == null ? null : home + File.separator + "go" + File.separator + "bin");
        return new ArrayList<>(out);
    }

    private static List<String> split(String pathList) {
        return pathList == null || pathList.isBlank() ? List.of() : List.of(pathList.split(File.pathSeparator));
    }

    private static void add(Set<Path> out, String dir) {
        if (dir == null || dir.isBlank()) {
            return;
        }
        try {
            out.add(Path.of(dir).resolve("temporal").toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            // a PATH entry that is no path names no Temporal CLI
        }
    }
}
