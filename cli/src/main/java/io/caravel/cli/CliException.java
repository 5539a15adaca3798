package io.caravel.cli;

/**
 * A command failure the user can act on: a one-line message, a hint, and the exit code. Printed by
 * {@link ErrorReporter} without a stack trace.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String hint;
    private final int exitCode;

    public CliException(String message, String hint, int exitCode, Throwable cause) {
        super(message, cause);
        this.hint = hint == null ? "" : hint;
        this.exitCode = exitCode;
    }

    public CliException(String message, String hint) {
        this(message, hint, ExitCodes.FAILED, null);
    }

    public String hint() {
        return hint;
    }

    public int exitCode() {
        return exitCode;
    }
}
