package io.caravel.workflows.model;

import io.caravel.api.model.Job;

/**
 * What a {@code JobChunkWorkflow} runs: partitions {@code firstPartition} to {@code firstPartition
 * + partitions - 1} of {@code job}, at most {@code concurrency} at once.
 *
 * @param jobStartedMillis when the job's workflow started (workflow time), from which the queue
 *     wait of a job with a total timeout counts
 */
public record ChunkRequest(
        Job job,
        int index,
        int firstPartition,
        int partitions,
        int concurrency,
        long jobStartedMillis) {}
