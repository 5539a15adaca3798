package io.caravel.cli;

import picocli.CommandLine.Option;

/**
 * {@code --limit} and {@code --next-token} of the verbs that show a job's executions, as Bacalhau's
 * list verbs.
 */
final class PageFlags {
    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "100",
            description =
                    "The most executions to show"
                            + " (default ${DEFAULT-VALUE}, at most "
                            + ExecutionPager.MAX_LIMIT
                            + "); the summary counts them all.")
    int limit;

    @Option(
            names = "--next-token",
            paramLabel = "TOKEN",
            description = "Show the page this token names, as the" + " previous page printed.")
    String nextToken;
}
