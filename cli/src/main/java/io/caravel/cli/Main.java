package io.caravel.cli;

/** The {@code caravel} executable: runs the command line and exits with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = CaravelCommand.commandLine().execute(args);
        System.exit(code);
    }
}
