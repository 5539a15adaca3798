package io.caravel.cli.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;

/**
 * The recovery times the cases measure, as rows of a Markdown table ready for docs/benchmarks.md:
 * printed, and appended to {@code cli/target/fault-recovery.md}.
 */
final class RecoveryTimes {
    private static final Path FILE = Tools.repoRoot().resolve("cli/target/fault-recovery.md");
    private static boolean headerWritten;

    private RecoveryTimes() {}

    /**
     * One measurement: in case {@code faultCase}, {@code what} took {@code took}; {@code note} says
     * against what goal.
     */
    static void record(String faultCase, String what, Duration took, String note) {
        record(faultCase, what, seconds(took), note);
    }

    /** {@code 12.3 s}. */
    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** One observation that is not a time (a count). */
    static synchronized void record(String faultCase, String what, String value, String note) {
        String row = "| " + faultCase + " | " + what + " | " + value + " | " + note + " |";
        System.out.println("[fault-recovery] " + row);
        try {
            Files.createDirectories(FILE.getParent());
            if (!headerWritten) {
                headerWritten = true;
                Files.writeString(
                        FILE,
                        "\n<!-- fault suite run "
                                + LocalDate.now()
                                + " -->\n"
                                + "| case | measured | value | goal / note |\n|---|---|---|---|\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            Files.writeString(
                    FILE,
                    row + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + FILE, e);
        }
    }
}
