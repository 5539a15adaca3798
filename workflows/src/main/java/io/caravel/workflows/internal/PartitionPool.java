package io.caravel.workflows.internal;

import io.caravel.api.quantity.Resources;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.internal.ExecutionRunner.Attempt;
import io.caravel.workflows.internal.ExecutionRunner.Kind;
import io.caravel.workflows.internal.ExecutionRunner.Target;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a range of a batch job's partitions, at most a given number at once, each retried on another
 * node up to the attempt budget. Used by the job's own workflow and by each chunk of a job run in
 * chunks.
 */
final class PartitionPool {
    /** How the partitions ended: the failed ones with their reason, and how many started. */
    record Outcome(List<Failure> failures, int started) {}

    record Failure(int partition, String message) {}

    private final ExecutionRunner executions;
    private final StepOptions options;
    private final JobProgress progress;
    private final String placementQueue;

    /** Partitions started and not yet ended. */
    private int running;

    PartitionPool(
            ExecutionRunner executions, StepOptions options, JobProgress progress, Resources need) {
        this.executions = executions;
        this.options = options;
        this.progress = progress;
        this.placementQueue = TaskQueues.placement(need.gpus());
    }

    /**
     * Runs partitions {@code first} to {@code first + count - 1}, at most {@code limit} at once
     * ({@code limit >= count}: all at once). When the job is being stopped no further partition
     * starts, and the running ones end cancelled.
     */
    Outcome run(int first, int count, int limit) {
        List<Promise<Attempt>> partitions = new ArrayList<>();
        for (int p = first; p < first + count; p++) {
            if (limit < count && !awaitSlot(limit)) {
                break;
            }
            running++;
            int partition = p;
            partitions.add(
                    Async.function(
                            () -> {
                                try {
                                    return runPartition(partition);
                                } finally {
                                    running--;
                                }
                            }));
        }
        List<Failure> failures = new ArrayList<>();
        for (int i = 0; i < partitions.size(); i++) {
            Attempt last = partitions.get(i).get();
            if (last.kind() != Kind.COMPLETED) {
                failures.add(new Failure(first + i, last.message()));
            }
        }
        return new Outcome(failures, partitions.size());
    }

    /** Waits until fewer than {@code limit} partitions run; false when the job is being stopped. */
    private boolean awaitSlot(int limit) {
        if (CancellationScope.current().isCancelRequested()) {
            return false;
        }
        try {
            if (running >= limit) {
                Workflow.await(() -> running < limit);
            }
            return true;
        } catch (CanceledFailure stopped) {
            return false;
        }
    }

    private Attempt runPartition(int partition) {
        Target target = new Target(placementQueue, "");
        int max = options.settings().maxAttempts();
        Attempt last = null;
        for (int attempt = 1; attempt <= max; attempt++) {
            last = executions.run(partition, attempt, target);
            if (last.kind() != Kind.RETRY) {
                return last;
            }
            if (attempt < max) {
                progress.event(
                        JobProgress.TOPIC_PLACEMENT,
                        "Placing partition "
                                + partition
                                + " again (attempt "
                                + (attempt + 1)
                                + " of "
                                + max
                                + ") after: "
                                + last.message(),
                        last.executionId());
            }
        }
        return new Attempt(
                Kind.FAILED,
                last.executionId(),
                "gave up after "
                        + max
                        + (max == 1 ? " attempt" : " attempts")
                        + "; the last failed: "
                        + last.message());
    }
}
