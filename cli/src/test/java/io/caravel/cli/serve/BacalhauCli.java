package io.caravel.cli.serve;

import io.caravel.cli.faults.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Bacalhau's own CLI (v1.9.3, built by {@code scripts/bacalhau-dev.sh install}) pointed at one API
 * server, with a throwaway {@code BACALHAU_DIR} and {@code HOME} so that it writes no user config
 * and no update check leaves the machine.
 */
public final class BacalhauCli {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[a-zA-Z]");

    private final Path binary;
    private final Map<String, String> env;

    private BacalhauCli(Path binary, Map<String, String> env) {
        this.binary = binary;
        this.env = env;
    }

    public static BacalhauCli at(int port, Path home) throws IOException {
        Files.createDirectories(home.resolve("bacalhau"));
        return new BacalhauCli(
                Tools.installed("bacalhau", "scripts/bacalhau-dev.sh install"),
                Map.of(
                        "BACALHAU_API_HOST",
                        "127.0.0.1",
                        "BACALHAU_API_PORT",
                        Integer.toString(port),
                        "BACALHAU_DIR",
                        home.resolve("bacalhau").toString(),
                        "HOME",
                        home.toString(),
                        "BACALHAU_UPDATECONFIG_INTERVAL",
                        "0"));
    }

    /**
     * Bacalhau's own {@code testdata/jobs}, in the source tree {@code scripts/bacalhau-dev.sh
     * install} built.
     */
    static Path testdata() {
        String state =
                System.getenv()
                        .getOrDefault(
                                "CARAVEL_STATE_DIR", System.getProperty("user.home") + "/.caravel");
        Path jobs = Path.of(state, "src", "bacalhau-v1.9.3", "testdata", "jobs");
        if (!Files.isDirectory(jobs)) {
            throw new IllegalStateException(
                    jobs + " is missing: run scripts/bacalhau-dev.sh install first");
        }
        return jobs;
    }

    /** The same CLI with one more environment variable. */
    public BacalhauCli with(String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(env);
        more.put(name, value);
        return new BacalhauCli(binary, Map.copyOf(more));
    }

    /** What one run printed (escape sequences taken out) and its exit code. */
    public record Result(int code, String out) {
        @Override
        public String toString() {
            return "exit " + code + ":\n" + out;
        }
    }

    public Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(
                    "bacalhau " + String.join(" ", args) + " did not end within 120 s");
        }
        return new Result(
                p.exitValue(),
                ANSI.matcher(new String(out, StandardCharsets.UTF_8)).replaceAll(""));
    }
}
