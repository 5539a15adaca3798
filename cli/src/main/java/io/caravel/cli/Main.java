package io.caravel.cli;

import java.util.List;

/** The {@code caravel} executable: runs the command line and exits with its code. */
public final class Main {
    private static final List<String> VERSION = List.of("version");

    private Main() {}

    public static void main(String[] args) {
        if (List.of(args).equals(VERSION)) {
            // The command scripts call to see that Caravel is there: the parser's classes (which
            // the
            // JVM cannot keep in its class-data archive) would be most of its time.
            for (String line : VersionCommand.lines()) {
                System.out.println(line);
            }
            System.exit(ExitCodes.OK);
        }
        System.exit(CaravelCommand.execute(args));
    }
}
