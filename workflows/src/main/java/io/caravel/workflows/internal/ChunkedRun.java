package io.caravel.workflows.internal;

import io.caravel.api.model.Job;
import io.caravel.api.model.JobStateType;
import io.caravel.workflows.JobChunkWorkflow;
import io.caravel.workflows.OrchestrationSettings;
import io.caravel.workflows.SearchAttributes;
import io.caravel.workflows.model.ChunkInfo;
import io.caravel.workflows.model.ChunkRequest;
import io.caravel.workflows.model.ChunkResult;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a big batch job's partitions in chunks, one child workflow ({@link JobChunkWorkflow}) per
 * chunk, so that no history holds more than one chunk's executions. Each chunk runs at most {@code
 * min(limit, chunk size)} partitions at once, and as many chunks run at once as keep the job within
 * {@code limit} partitions at once. A stop cancels the running chunks (each cancels its executions
 * and returns) and starts no more; when the job's workflow closes any other way, the server cancels
 * them (parent close policy {@code REQUEST_CANCEL}).
 */
final class ChunkedRun {
    private final Job job;
    private final OrchestrationSettings settings;
    private final JobProgress progress;
    private final long startedMillis;

    /** Chunks started and not yet ended. */
    private int running;

    ChunkedRun(Job job, OrchestrationSettings settings, JobProgress progress, long startedMillis) {
        this.job = job;
        this.settings = settings;
        this.progress = progress;
        this.startedMillis = startedMillis;
    }

    JobRunner.Outcome run(int limit, int chunkSize) {
        int count = job.count();
        int chunks = (count + chunkSize - 1) / chunkSize;
        int perChunk = Math.min(limit, chunkSize);
        int atOnce = Math.max(1, limit / perChunk);
        progress.event(
                JobProgress.TOPIC_PLACEMENT,
                "Running the "
                        + count
                        + " partitions in "
                        + chunks
                        + " child workflows of at most "
                        + chunkSize
                        + " partitions, "
                        + Math.min(atOnce, chunks)
                        + " at a time, each running at most "
                        + perChunk
                        + " partitions at once",
                "");
        List<Promise<ChunkResult>> results = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            if (!awaitSlot(atOnce)) {
                break;
            }
            int first = i * chunkSize;
            ChunkInfo chunk =
                    new ChunkInfo(
                            i,
                            job.id() + "-chunk-" + i,
                            first,
                            Math.min(chunkSize, count - first),
                            null);
            JobChunkWorkflow stub =
                    Workflow.newChildWorkflowStub(JobChunkWorkflow.class, options(chunk));
            ChunkRequest request =
                    new ChunkRequest(job, i, first, chunk.partitions(), perChunk, startedMillis);
            progress.chunkStarted(chunk);
            progress.transition(JobStateType.RUNNING, "");
            running++;
            results.add(
                    Async.function(
                            () -> {
                                try {
                                    return runChunk(stub, request, chunk);
                                } finally {
                                    running--;
                                }
                            }));
        }
        int failed = 0;
        int neverStarted = 0;
        List<String> reasons = new ArrayList<>();
        for (Promise<ChunkResult> promise : results) {
            ChunkResult r = promise.get();
            failed += r.failedPartitions();
            neverStarted += r.neverStarted();
            r.failures().stream()
                    .limit(ChunkResult.MAX_FAILURES - reasons.size())
                    .forEach(reasons::add);
        }
        for (int i = results.size(); i < chunks; i++) {
            neverStarted += Math.min(chunkSize, count - i * chunkSize);
        }
        if (failed == 0 && neverStarted == 0) {
            return JobRunner.Outcome.completed();
        }
        StringBuilder why = new StringBuilder();
        if (failed > 0) {
            why.append(failed)
                    .append(" of ")
                    .append(count)
                    .append(" partitions failed; ")
                    .append(String.join("; ", reasons));
            if (failed > reasons.size()) {
                why.append("; and ")
                        .append(failed - reasons.size())
                        .append(" more (job executions lists them)");
            }
        }
        if (neverStarted > 0) {
            why.append(why.isEmpty() ? "" : "; ")
                    .append(neverStarted)
                    .append(" partitions never started");
        }
        return JobRunner.Outcome.failed(why.toString());
    }

    private ChunkResult runChunk(JobChunkWorkflow stub, ChunkRequest request, ChunkInfo chunk) {
        try {
            ChunkResult r = stub.run(request);
            progress.chunkEnded(
                    chunk.index(),
                    r.summary(),
                    r.failedPartitions() == 0 && r.neverStarted() == 0
                            ? "Completed"
                            : r.failedPartitions()
                                    + " partitions failed, "
                                    + r.neverStarted()
                                    + " never started");
            return r;
        } catch (ChildWorkflowFailure f) {
            boolean cancelled =
                    f.getCause() instanceof CanceledFailure
                            || CancellationScope.current().isCancelRequested();
            progress.chunkEnded(
                    chunk.index(),
                    null,
                    cancelled ? "cancelled" : "failed: " + FailureCauses.text(f));
            String reason =
                    "partitions "
                            + chunk.firstPartition()
                            + " to "
                            + (chunk.firstPartition() + chunk.partitions() - 1)
                            + ": child workflow "
                            + chunk.workflowId()
                            + (cancelled ? " was cancelled" : " failed: " + FailureCauses.text(f));
            return new ChunkResult(null, List.of(reason), chunk.partitions(), 0);
        }
    }

    /** Waits until fewer than {@code atOnce} chunks run; false when the job is being stopped. */
    private boolean awaitSlot(int atOnce) {
        if (CancellationScope.current().isCancelRequested()) {
            return false;
        }
        try {
            Workflow.await(() -> running < atOnce);
            return true;
        } catch (CanceledFailure stopped) {
            return false;
        }
    }

    private ChildWorkflowOptions options(ChunkInfo chunk) {
        ChildWorkflowOptions.Builder b =
                ChildWorkflowOptions.newBuilder()
                        .setWorkflowId(chunk.workflowId())
                        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
                        .setCancellationType(
                                ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED);
        if (settings.useSearchAttributes()) {
            // The job's name, type and namespace, so visibility finds a job's chunks; no job state,
            // so that listing jobs by state never lists a chunk.
            b.setTypedSearchAttributes(
                    io.temporal.common.SearchAttributes.newBuilder()
                            .set(SearchAttributes.JOB_TYPE, job.type())
                            .set(SearchAttributes.JOB_NAME, job.name())
                            .set(SearchAttributes.JOB_NAMESPACE, job.namespace())
                            .build());
        }
        return b.build();
    }
}
