package io.caravel.workflows;

import io.caravel.api.model.Job;
import io.caravel.api.model.JobStateType;
import io.caravel.api.model.Task;
import io.caravel.api.quantity.Resources;
import io.caravel.api.spec.GoDurations;
import io.caravel.workflows.internal.ExecutionRunner;
import io.caravel.workflows.internal.JobInput;
import io.caravel.workflows.internal.JobProgress;
import io.caravel.workflows.internal.JobRunner;
import io.caravel.workflows.internal.LongRunningRunner;
import io.caravel.workflows.internal.RecordedJob;
import io.caravel.workflows.internal.StepOptions;
import io.caravel.workflows.model.ExecutionPage;
import io.caravel.workflows.model.Handover;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.JobResult;
import io.caravel.workflows.model.StopResult;
import io.temporal.common.converter.RawValue;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.worker.Worker;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * {@link JobWorkflow} (registered as {@link JobWorkflowDefinition}): reads the job (made canonical
 * once and recorded: {@link RecordedJob}), runs its executions ({@link JobRunner}) and races them
 * against a stop request and the job's total timeout. A Completed or Stopped job returns its
 * result; a Failed one fails the workflow with type {@link JobWorkflow#JOB_FAILED} and the result
 * as details. Register it with {@link #register}.
 */
public final class JobWorkflowImpl implements JobWorkflowDefinition {
    private static final Logger log = Workflow.getLogger(JobWorkflowImpl.class);
    private static final String STOPPED_BY_USER = "job stopped by user";

    private final OrchestrationSettings settings;
    private final JobProgress progress;

    /** Why the running executions are being cancelled; null while they are not. */
    private String interruption;

    private String stopReason;

    /** The job's executions, started in their own cancellation scope. */
    private Promise<JobRunner.Outcome> work;

    public JobWorkflowImpl(OrchestrationSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.progress = new JobProgress(Workflow::currentTimeMillis, this::onStateChange);
    }

    /**
     * Registers {@code JobWorkflow} and {@code JobChunkWorkflow} on {@code worker} with these
     * settings.
     */
    public static void register(Worker worker, OrchestrationSettings settings) {
        worker.registerWorkflowImplementationFactory(
                JobWorkflowDefinition.class, () -> new JobWorkflowImpl(settings));
        worker.registerWorkflowImplementationFactory(
                JobChunkWorkflow.class, () -> new JobChunkWorkflowImpl(settings));
    }

    @Override
    public JobResult run(RawValue input, Handover handover) {
        JobInput.Decoded decoded;
        try {
            decoded =
                    RecordedJob.admit(
                            input, Workflow.getInfo().getWorkflowId(), settings.defaultPublisher());
        } catch (ApplicationFailure refused) {
            progress.rejected(refused.getOriginalMessage());
            throw refused;
        }
        Job job = decoded.job();
        progress.version(version());
        if (handover == null) {
            progress.submitted(job, decoded.warnings());
        } else {
            progress.resumed(job, handover.progress());
        }
        Task task = job.task().orElseThrow();
        Resources need = Resources.parse(task.resources());
        long started = Workflow.currentTimeMillis();
        StepOptions options = new StepOptions(settings);
        ExecutionRunner executions =
                new ExecutionRunner(
                        job,
                        options,
                        progress,
                        () ->
                                options.queueWait(
                                        task,
                                        Duration.ofMillis(Workflow.currentTimeMillis() - started)),
                        () -> interruption == null ? "the workflow was cancelled" : interruption);
        LongRunningRunner longRunning =
                LongRunningRunner.runs(job)
                        ? new LongRunningRunner(job, need, options, progress, executions, handover)
                        : null;
        Functions.Func<JobRunner.Outcome> runner =
                longRunning != null
                        ? longRunning::run
                        : new JobRunner(job, need, options, progress, executions, started)::run;

        CancellationScope scope =
                Workflow.newCancellationScope(() -> work = Async.function(runner));
        scope.run();
        // Bacalhau applies no timeout to service and daemon jobs.
        long totalTimeout = longRunning != null ? 0 : task.timeouts().totalTimeout();
        Promise<Void> deadline =
                totalTimeout > 0 ? Workflow.newTimer(Duration.ofSeconds(totalTimeout)) : null;
        boolean workflowCancelled = false;
        try {
            Workflow.await(
                    () ->
                            work.isCompleted()
                                    || stopReason != null
                                    || (deadline != null && deadline.isCompleted()));
        } catch (CanceledFailure e) {
            workflowCancelled = true;
        }
        workflowCancelled |= CancellationScope.current().isCancelRequested();
        Handover next =
                longRunning != null && work.isCompleted()
                        ? longRunning.handover().orElse(null)
                        : null;
        // The only handler that blocks is a stop, which sets stopReason first: then the job is
        // stopped here.
        if (next != null && stopReason == null && !workflowCancelled) {
            Workflow.continueAsNew(input, next);
        }
        JobStateType finalState;
        String finalMessage;
        if (work.isCompleted() && !workflowCancelled && next == null) {
            JobRunner.Outcome outcome = work.get();
            finalState = outcome.state();
            finalMessage = outcome.message();
        } else {
            if (workflowCancelled) {
                finalState = JobStateType.STOPPED;
                finalMessage = "the workflow was cancelled";
            } else if (stopReason != null) {
                finalState = JobStateType.STOPPED;
                finalMessage = stopReason;
            } else {
                finalState = JobStateType.FAILED;
                finalMessage =
                        "Job timed out. Job took longer than " + GoDurations.format(totalTimeout);
                progress.event(JobProgress.TOPIC_FAILURE, finalMessage, "");
            }
            interruption = finalMessage;
            scope.cancel(finalMessage);
            // Wait, even when the workflow itself is cancelled, until every execution has been
            // cancelled and its reservation released.
            Workflow.newDetachedCancellationScope(
                            () ->
                                    Workflow.await(
                                            () ->
                                                    work.isCompleted()
                                                            && (longRunning == null
                                                                    || longRunning.ended())))
                    .run();
        }
        progress.transition(finalState, finalMessage);
        log.info(
                "job {} ended {}{}",
                job.id(),
                finalState.text(),
                finalMessage.isEmpty() ? "" : ": " + finalMessage);
        Workflow.newDetachedCancellationScope(
                        () -> Workflow.await(Workflow::isEveryHandlerFinished))
                .run();
        if (workflowCancelled) {
            throw new CanceledFailure("the workflow was cancelled; the job is stopped");
        }
        JobResult result = progress.result();
        if (finalState == JobStateType.FAILED) {
            throw ApplicationFailure.newNonRetryableFailure(
                    finalMessage, JobWorkflow.JOB_FAILED, result);
        }
        return result;
    }

    @Override
    public JobDescription describe() {
        return progress.describe();
    }

    @Override
    public ExecutionPage executions(int offset, int limit) {
        return progress.page(offset, limit);
    }

    @Override
    public void validateStop(String reason) {
        JobProgress.stopRefusal(progress.state())
                .ifPresent(
                        refusal -> {
                            throw ApplicationFailure.newNonRetryableFailure(
                                    refusal, JobWorkflow.STOP_REFUSED);
                        });
    }

    @Override
    public StopResult stop(String reason) {
        JobStateType previous = progress.state();
        if (previous.isTerminal()) {
            return new StopResult(
                    previous,
                    false,
                    previous == JobStateType.STOPPED
                            ? "the job is already stopped"
                            : "the job already ended in state " + previous.text());
        }
        requestStop(reason);
        Workflow.await(() -> progress.state().isTerminal());
        return new StopResult(
                previous, progress.state() == JobStateType.STOPPED, progress.message());
    }

    @Override
    public void requestStop(String reason) {
        if (stopReason != null || progress.state().isTerminal()) {
            return;
        }
        stopReason = reason == null || reason.isBlank() ? STOPPED_BY_USER : reason.trim();
        progress.event(JobProgress.TOPIC_STOP, "Stop requested: " + stopReason, "");
    }

    /**
     * The job's Version: the {@code Version} memo a client sets on the run that updates a job of
     * the same Name (the same workflow id, a new run), else 1.
     */
    private static long version() {
        try {
            Long v = Workflow.getMemo(JobWorkflow.MEMO_VERSION, Long.class, Long.class);
            return v == null ? 1 : v;
        } catch (RuntimeException unreadable) {
            return 1;
        }
    }

    private void onStateChange(JobProgress p) {
        if (!settings.useSearchAttributes() || p.job() == null) {
            return;
        }
        Workflow.upsertTypedSearchAttributes(
                SearchAttributes.JOB_STATE.valueSet(p.state().text()),
                SearchAttributes.JOB_TYPE.valueSet(p.job().type()),
                SearchAttributes.JOB_NAME.valueSet(p.job().name()),
                SearchAttributes.JOB_NAMESPACE.valueSet(p.job().namespace()));
    }
}
