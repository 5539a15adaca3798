package io.caravel.workflows;

import io.caravel.workflows.internal.ChunkRunner;
import io.caravel.workflows.internal.JobProgress;
import io.caravel.workflows.internal.StepOptions;
import io.caravel.workflows.model.ChunkRequest;
import io.caravel.workflows.model.ChunkResult;
import io.caravel.workflows.model.ExecutionPage;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link JobChunkWorkflow}: runs its partitions ({@link ChunkRunner}) in a cancellation scope; when
 * the job cancels it, every running execution is cancelled and its reservation released before it
 * returns.
 */
public final class JobChunkWorkflowImpl implements JobChunkWorkflow {
    static final String CANCELLED = "the job was stopped, timed out or its workflow was cancelled";

    private final OrchestrationSettings settings;
    private final JobProgress progress = new JobProgress(Workflow::currentTimeMillis, p -> {});
    private Promise<ChunkResult> work;

    public JobChunkWorkflowImpl(OrchestrationSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public ChunkResult run(ChunkRequest request) {
        progress.submitted(request.job(), List.of());
        ChunkRunner runner =
                new ChunkRunner(request, new StepOptions(settings), progress, () -> CANCELLED);
        CancellationScope scope =
                Workflow.newCancellationScope(() -> work = Async.function(runner::run));
        scope.run();
        try {
            Workflow.await(work::isCompleted);
        } catch (CanceledFailure cancelled) {
            scope.cancel(CANCELLED);
            Workflow.newDetachedCancellationScope(() -> Workflow.await(work::isCompleted)).run();
        }
        return work.get();
    }

    @Override
    public Map<String, Integer> summary() {
        return progress.summary();
    }

    @Override
    public ExecutionPage executions(int offset, int limit) {
        return progress.page(offset, limit);
    }
}
