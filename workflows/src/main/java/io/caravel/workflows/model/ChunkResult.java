package io.caravel.workflows.model;

import java.util.List;
import java.util.Map;

/**
 * How a chunk of a big batch job ended.
 *
 * @param summary its executions per state (state name to count)
 * @param failures the first {@link #MAX_FAILURES} failed partitions, as {@code partition N: reason}
 * @param failedPartitions how many partitions failed in all
 * @param neverStarted partitions that never started because the job was being stopped
 */
public record ChunkResult(
        Map<String, Integer> summary,
        List<String> failures,
        int failedPartitions,
        int neverStarted) {
    /**
     * Failure reasons a chunk reports; the rest are counted, and described by the chunk's
     * executions.
     */
    public static final int MAX_FAILURES = 10;

    public ChunkResult {
        summary = summary == null ? Map.of() : Map.copyOf(summary);
        failures = failures == null ? List.of() : List.copyOf(failures);
    }
}
