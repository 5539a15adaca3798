package io.caravel.workers.tls;

import io.caravel.api.errors.Problem;
import java.util.List;

/**
 * The TLS files given for the connection to Temporal cannot be read or used; each problem names its
 * setting.
 */
public final class UnusableTlsFilesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    UnusableTlsFilesException(List<Problem> problems, Throwable cause) {
        super(problems.toString(), cause);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
