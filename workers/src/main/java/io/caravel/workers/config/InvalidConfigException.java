package io.caravel.workers.config;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.errors.Problem;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The worker configuration cannot be used. Lists every problem found, each naming the key (and,
 * when it came from the environment, a flag or a file, where it was set) and what would be
 * accepted.
 */
public class InvalidConfigException extends CaravelException {
    private static final long serialVersionUID = 1L;

    static final String HINT =
            "see docs/configuration.md for every key, its environment variable, its flag"
                    + " and the values it accepts";

    public InvalidConfigException(List<Problem> problems) {
        this(problems, null);
    }

    public InvalidConfigException(List<Problem> problems, Throwable cause) {
        super(
                ErrorCode.BAD_ARGUMENT,
                "invalid worker configuration:\n"
                        + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")),
                HINT,
                problems,
                cause);
    }
}
