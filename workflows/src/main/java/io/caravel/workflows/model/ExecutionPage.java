package io.caravel.workflows.model;

import java.util.List;

/**
 * One page of the executions a job workflow (or one chunk of a big job) holds, in the order they
 * were created.
 *
 * @param items the executions from the asked offset, their output within the same budget as {@code
 *     describe}
 * @param total how many executions the workflow holds in all
 */
public record ExecutionPage(List<ExecutionRecord> items, int total) {
    /**
     * The most executions one page carries, so that one query answer stays far below Temporal's 2
     * MB.
     */
    public static final int MAX_ITEMS = 500;

    public ExecutionPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
