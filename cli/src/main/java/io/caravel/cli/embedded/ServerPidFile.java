package io.caravel.cli.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The file in a dev server's folder naming the {@code temporal} process that serves its database
 * and the {@code caravel dev} that started it ({@code server=PID} and {@code owner=PID}). A {@code
 * caravel dev} killed outright (SIGKILL: no shutdown hook runs) leaves its server behind; the next
 * start on the same folder finds it here and stops it, and refuses to start while the owner itself
 * still runs.
 */
final class ServerPidFile {
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(10);

    private final Path file;
    private final String database;

    /**
     * @param file the pid file
     * @param database the database path the server's command line carries, so that a reused pid of
     *     an unrelated process is never taken for the server
     */
    ServerPidFile(Path file, Path database) {
        this.file = file;
        this.database = database.toString();
    }

    /**
     * Makes sure no earlier server serves the database: stops one whose {@code caravel dev} is
     * gone, saying so on {@code notes}.
     *
     * @throws IllegalStateException when the {@code caravel dev} that started it still runs
     */
    void clearOrphan(Consumer<String> notes) {
        Optional<String> text = read();
        if (text.isEmpty()) {
            return;
        }
        long serverPid = field(text.get(), "server");
        long ownerPid = field(text.get(), "owner");
        Optional<ProcessHandle> server =
                serverPid <= 0
                        ? Optional.empty()
                        : ProcessHandle.of(serverPid)
                                .filter(ProcessHandle::isAlive)
                                .filter(
                                        p ->
                                                p.info()
                                                        .commandLine()
                                                        .map(c -> c.contains(database))
                                                        .orElse(false));
        if (server.isEmpty()) {
            delete();
            return;
        }
        boolean ownerRuns =
                ownerPid != ProcessHandle.current().pid()
                        && ownerPid > 0
                        && ProcessHandle.of(ownerPid).map(ProcessHandle::isAlive).orElse(false);
        if (ownerRuns) {
            throw new IllegalStateException(
                    "another caravel dev (pid "
                            + ownerPid
                            + ") runs a Temporal server (pid "
                            + serverPid
                            + ") on "
                            + database);
        }
        notes.accept(
                "Stopping the Temporal server (pid "
                        + serverPid
                        + ") that an earlier caravel dev left running"
                        + " on "
                        + database);
        ProcessHandle orphan = server.get();
        orphan.destroy();
        try {
            orphan.onExit().get(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            orphan.destroyForcibly();
            orphan.onExit().join();
        }
        delete();
    }

    /** Records {@code server} as started by this process. */
    void write(long serverPid) {
        try {
            Files.writeString(
                    file,
                    "server=" + serverPid + "\nowner=" + ProcessHandle.current().pid() + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A stale file is checked against the live processes next time.
        }
    }

    private Optional<String> read() {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static long field(String text, String name) {
        return text.lines()
                .filter(l -> l.startsWith(name + "="))
                .findFirst()
                .map(
                        l -> {
                            try {
                                return Long.parseLong(l.substring(name.length() + 1).strip());
                            } catch (NumberFormatException e) {
                                return -1L;
                            }
                        })
                .orElse(-1L);
    }
}
