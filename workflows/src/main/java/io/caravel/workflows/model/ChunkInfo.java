package io.caravel.workflows.model;

import java.util.Map;

/**
 * One child workflow of a big batch job, running partitions {@code firstPartition} to {@code
 * firstPartition + partitions - 1}.
 *
 * @param summary its executions per state (state name to count) once it ended and told the job;
 *     null while it runs, or when it ended without saying (then its {@code summary} query says)
 */
public record ChunkInfo(
        int index,
        String workflowId,
        int firstPartition,
        int partitions,
        Map<String, Integer> summary) {
    public ChunkInfo {
        summary = summary == null ? null : Map.copyOf(summary);
    }

    public boolean reported() {
        return summary != null;
    }

    public ChunkInfo ended(Map<String, Integer> counts) {
        return new ChunkInfo(index, workflowId, firstPartition, partitions, counts);
    }
}
