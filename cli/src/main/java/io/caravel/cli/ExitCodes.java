package io.caravel.cli;

/** The exit codes a script can rely on; {@code docs/cli.md} lists them. */
public final class ExitCodes {
    /** The command succeeded; for {@code job run --wait}, the job Completed. */
    public static final int OK = 0;

    /** The job Failed or was Stopped, or the command failed. */
    public static final int FAILED = 1;

    /** The command line was wrong (picocli's own code for usage errors). */
    public static final int USAGE = 2;

    /** The Temporal server could not be reached. */
    public static final int UNREACHABLE = 3;

    private ExitCodes() {}
}
