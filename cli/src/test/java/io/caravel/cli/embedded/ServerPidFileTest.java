package io.caravel.cli.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code caravel dev} does with a server an earlier one left, on real processes: a {@code tail
 * -f} whose command line names the database stands in for the {@code temporal} server.
 */
class ServerPidFileTest {
    @TempDir Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopWhatWasStarted() {
        started.forEach(Process::destroyForcibly);
    }

    private Process serverOf(Path database) throws Exception {
        // tail -f DATABASE runs until stopped, with the database on its command line.
        Files.writeString(database, "");
        Process p = new ProcessBuilder("tail", "-f", database.toString()).start();
        started.add(p);
        return p;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aServerWhoseCaravelDevIsGoneIsStopped() throws Exception {
        Path database = dir.resolve("temporal.db");
        Process server = serverOf(database);
        Process deadOwner = new ProcessBuilder("true").start();
        deadOwner.waitFor();
        Path file = dir.resolve("temporal.pid");
        Files.writeString(file, "server=" + server.pid() + "\nowner=" + deadOwner.pid() + "\n");
        List<String> notes = new ArrayList<>();

        new ServerPidFile(file, database).clearOrphan(notes::add);

        assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(notes)
                .containsExactly(
                        "Stopping the Temporal server (pid "
                                + server.pid()
                                + ") that an earlier caravel dev left running on "
                                + database);
        assertThat(file).doesNotExist();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aServerWhoseCaravelDevStillRunsIsLeftAloneAndTheStartRefused() throws Exception {
        Path database = dir.resolve("temporal.db");
        Process server = serverOf(database);
        Process owner = new ProcessBuilder("sleep", "300").start();
        started.add(owner);
        Path file = dir.resolve("temporal.pid");
        Files.writeString(file, "server=" + server.pid() + "\nowner=" + owner.pid() + "\n");

        assertThatThrownBy(() -> new ServerPidFile(file, database).clearOrphan(n -> {}))
                .hasMessage(
                        "another caravel dev (pid "
                                + owner.pid()
                                + ") runs a Temporal server (pid "
                                + server.pid()
                                + ") on "
                                + database);
        assertThat(server.isAlive()).isTrue();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aPidThatNowBelongsToAnotherProgramIsNeverStopped() throws Exception {
        Process unrelated = serverOf(dir.resolve("another.db"));
        Path file = dir.resolve("temporal.pid");
        Files.writeString(file, "server=" + unrelated.pid() + "\nowner=1\n");

        new ServerPidFile(file, dir.resolve("temporal.db")).clearOrphan(n -> {});

        assertThat(unrelated.isAlive()).isTrue();
        assertThat(file).doesNotExist();
    }
}
