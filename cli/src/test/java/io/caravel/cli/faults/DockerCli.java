package io.caravel.cli.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The docker command line against one daemon ({@code -H host}), for what the cases check and clean.
 */
final class DockerCli {
    private final String host;

    DockerCli(String host) {
        this.host = host;
    }

    String host() {
        return host;
    }

    /**
     * Runs {@code docker -H host args...}; the output, or an exception naming the command and its
     * output.
     */
    String run(String... args) {
        Result r = tryRun(args);
        if (r.code() != 0) {
            throw new IllegalStateException(
                    "docker "
                            + String.join(" ", args)
                            + " on "
                            + host
                            + " exited "
                            + r.code()
                            + ": "
                            + r.output());
        }
        return r.output();
    }

    /** Runs it; exit code and output, whatever they are. */
    Result tryRun(String... args) {
        List<String> command = new ArrayList<>(List.of("docker", "-H", host));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    boolean answers() {
        return tryRun("version", "--format", "{{.Server.Version}}").code() == 0;
    }

    /** Non-empty lines of {@code run(args)}. */
    List<String> lines(String... args) {
        return run(args).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    record Result(int code, String output) {}
}
