package io.caravel.cli.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child process whose stdout and stderr go, appended, to a log file that outlives it (for
 * failure messages). Signals are sent by pid: {@link #kill9()} is SIGKILL, {@link #sigterm()}
 * SIGTERM. A JVM shutdown hook stops it (SIGTERM, then SIGKILL) should the test JVM end first, so
 * no case leaves a process behind (a dockerd given SIGTERM also stops its containerd and
 * containers).
 */
final class LoggedProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;
    private final Thread reaper;

    private LoggedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.reaper = new Thread(() -> stop(Duration.ofSeconds(10)), "stop-" + name);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts {@code command} with the environment {@code env} (replacing the inherited one when
     * {@code clearEnv}).
     */
    static LoggedProcess start(
            String name,
            List<String> command,
            Map<String, String> env,
            boolean clearEnv,
            Path log) {
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (clearEnv) {
            builder.environment().keySet().removeIf(k -> k.startsWith("CARAVEL_"));
        }
        builder.environment().putAll(env);
        try {
            Files.writeString(
                    log,
                    "=== " + name + ": " + String.join(" ", command) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return new LoggedProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** SIGKILL, then waits for the process to be gone. */
    void kill9() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** SIGTERM; does not wait. */
    void sigterm() {
        process.destroy();
    }

    /** Waits for the process to end; false when it is still running after {@code timeout}. */
    boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** SIGTERM, up to {@code patience} to end, then SIGKILL. */
    void stop(Duration patience) {
        if (!process.isAlive()) {
            return;
        }
        sigterm();
        if (!awaitExit(patience)) {
            kill9();
        }
    }

    /** The last {@code maxChars} characters of the log, for failure messages. */
    String logTail(int maxChars) {
        try {
            String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            return text.length() <= maxChars
                    ? text
                    : "..." + text.substring(text.length() - maxChars);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(15));
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs anyway.
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ", log " + log + ")";
    }
}
