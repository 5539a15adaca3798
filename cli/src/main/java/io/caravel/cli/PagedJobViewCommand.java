package io.caravel.cli;

import java.util.Optional;
import picocli.CommandLine.Mixin;

/** A job view that shows a page of the job's executions ({@code --limit}, {@code --next-token}). */
abstract class PagedJobViewCommand extends JobViewCommand {
    @Mixin PageFlags pageFlags;

    private ExecutionPager.Page shown;

    /** The page asked for, read once. */
    ExecutionPager.Page page() {
        if (shown == null) {
            shown = pager.page(pageFlags.nextToken, pageFlags.limit);
        }
        return shown;
    }

    @Override
    Optional<String> nextPage() {
        return shown == null || shown.nextToken().isEmpty()
                ? Optional.empty()
                : Optional.of(shown.nextToken());
    }

    @Override
    int pageLimit() {
        return pageFlags.limit;
    }
}
