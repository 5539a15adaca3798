package io.caravel.cli.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Finds the Temporal CLI ({@code temporal}) that {@code caravel dev} runs its server with: on the
 * {@code PATH}, then where {@code scripts/temporal-dev.sh} installs it ({@code $CARAVEL_BIN},
 * {@code $GOPATH/bin}, {@code ~/go/bin}, Go's default {@code GOPATH}, then what {@code go env
 * GOPATH} says). Reads the environment it is given and the file system; a {@code go} process is
 * started only when none of those holds one.
 */
public final class TemporalCliLocator {
    private TemporalCliLocator() {}

    /**
     * The first executable {@code temporal} of {@link #candidates}; else the one in the {@code bin}
     * of the {@code GOPATH} that {@code go env GOPATH} reports (a {@code GOPATH} set with {@code go
     * env -w}), the only case that starts a process; empty when there is none.
     */
    public static Optional<Path> find(Map<String, String> env) {
        Optional<Path> found =
                candidates(env).stream().filter(TemporalCliLocator::runnable).findFirst();
        if (found.isPresent()) {
            return found;
        }
        return goEnvGopath(env)
                .map(dir -> Path.of(dir, "bin", "temporal"))
                .filter(TemporalCliLocator::runnable);
    }

    private static boolean runnable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }

    /**
     * What {@code go env GOPATH} prints (its first entry), when a {@code go} is on the PATH of
     * {@code env}.
     */
    private static Optional<String> goEnvGopath(Map<String, String> env) {
        Optional<Path> go =
                split(env.get("PATH")).stream()
                        .filter(d -> !d.isBlank())
                        .map(d -> Path.of(d, "go"))
                        .filter(TemporalCliLocator::runnable)
                        .findFirst();
        if (go.isEmpty()) {
            return Optional.empty();
        }
        try {
            Process p =
                    new ProcessBuilder(go.get().toString(), "env", "GOPATH")
                            .redirectErrorStream(true)
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                            .start();
            String out =
                    new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 && !out.isEmpty()
                    ? Optional.of(out.split(File.pathSeparator)[0])
                    : Optional.empty();
        } catch (IOException | InvalidPathException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
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
        return pathList == null || pathList.isBlank()
                ? List.of()
                : List.of(pathList.split(File.pathSeparator));
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
