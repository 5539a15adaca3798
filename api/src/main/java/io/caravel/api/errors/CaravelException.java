package io.caravel.api.errors;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The one exception type of Caravel: a code, a message, an optional hint saying what to do, and for
 * spec errors every problem found (not only the first).
 */
public class CaravelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String hint;
    private final List<Problem> problems;

    public CaravelException(
            ErrorCode code, String message, String hint, List<Problem> problems, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.hint = hint == null ? "" : hint;
        this.problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public CaravelException(ErrorCode code, String message, String hint) {
        this(code, message, hint, List.of(), null);
    }

    /** A spec that breaks rules; the message lists every problem, one per line. */
    public static CaravelException invalidSpec(List<Problem> problems) {
        return new CaravelException(
                ErrorCode.SPEC_INVALID,
                render("the job spec is invalid", problems),
                "fix every field listed and submit again",
                problems,
                null);
    }

    /** A spec that could not be read at all. */
    public static CaravelException unreadable(List<Problem> problems, Throwable cause) {
        return new CaravelException(
                ErrorCode.SPEC_UNREADABLE,
                render("the job spec could not be read", problems),
                "check the file is one YAML or JSON document holding a Bacalhau job",
                problems,
                cause);
    }

    /** A malformed command-line value; {@code what} names the flag. */
    public static CaravelException badArgument(String what, String message, String hint) {
        return new CaravelException(
                ErrorCode.BAD_ARGUMENT,
                what + ": " + message,
                hint,
                List.of(new Problem(what, message)),
                null);
    }

    private static String render(String headline, List<Problem> problems) {
        return headline
                + ":\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
    }

    public ErrorCode code() {
        return code;
    }

    public String hint() {
        return hint;
    }

    public List<Problem> problems() {
        return problems;
    }

    public boolean retryable() {
        return code.retryable();
    }
}
