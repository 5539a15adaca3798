package io.caravel.workflows.internal;

import io.caravel.api.model.Job;
import io.caravel.api.model.JobStateType;
import io.caravel.api.model.Task;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.model.ChunkRequest;
import io.caravel.workflows.model.ChunkResult;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs the partitions of one chunk of a big batch job with the same placement and retries as the
 * job's own workflow.
 */
public final class ChunkRunner {
    private final ChunkRequest request;
    private final StepOptions options;
    private final JobProgress progress;
    private final Supplier<String> cancelReason;

    /**
     * @param cancelReason why running executions are being cancelled
     */
    public ChunkRunner(
            ChunkRequest request,
            StepOptions options,
            JobProgress progress,
            Supplier<String> cancelReason) {
        this.request = request;
        this.options = options;
        this.progress = progress;
        this.cancelReason = cancelReason;
    }

    public ChunkResult run() {
        Job job = request.job();
        Task task = job.task().orElseThrow();
        ExecutionRunner executions =
                new ExecutionRunner(
                        job,
                        options,
                        progress,
                        () ->
                                options.queueWait(
                                        task,
                                        Duration.ofMillis(
                                                Workflow.currentTimeMillis()
                                                        - request.jobStartedMillis())),
                        cancelReason);
        progress.transition(JobStateType.QUEUED, "");
        PartitionPool.Outcome ran =
                new PartitionPool(executions, options, progress, Resources.parse(task.resources()))
                        .run(request.firstPartition(), request.partitions(), request.concurrency());
        return new ChunkResult(
                progress.summary(),
                ran.failures().stream()
                        .limit(ChunkResult.MAX_FAILURES)
                        .map(f -> "partition " + f.partition() + ": " + f.message())
                        .toList(),
                ran.failures().size(),
                request.partitions() - ran.started());
    }
}
