package io.caravel.workflows.internal;

import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.Job;
import io.caravel.api.model.JobType;
import io.caravel.api.model.Task;
import io.caravel.api.model.TimeoutConfig;
import io.caravel.workflows.OrchestrationSettings;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.activities.ClaimRequest;
import io.caravel.workflows.activities.NodeClaim;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * The activity options of every step of an execution, derived from the worker's {@link
 * OrchestrationSettings} and the task's timeouts, so that no timeout is written inside the
 * workflow's logic.
 */
public final class StepOptions {
    /**
     * Start-to-close of the short bookkeeping activities: claim, node list, network check, release.
     */
    static final Duration SHORT_STEP = Duration.ofSeconds(30);

    static final Duration NETWORK_CHECK = Duration.ofMinutes(1);
    static final Duration REGISTRY_WAIT = Duration.ofMinutes(2);
    static final Duration MAX_CLAIM_INTERVAL = Duration.ofSeconds(10);
    static final int STEP_ATTEMPTS = 3;

    /**
     * The longest pause between two attempts of an execution on its node (a restart, a daemon
     * outage).
     */
    static final Duration MAX_NODE_RETRY_INTERVAL = Duration.ofSeconds(10);

    /**
     * Attempts of one execution on its node: restarts, Temporal outages and runtime outages each
     * take one or a few. The bound ends a live node that keeps failing to heartbeat (a hung
     * worker).
     */
    static final int MAX_EXECUTE_ATTEMPTS = 50;

    /**
     * The start-to-close of a {@code service} or {@code daemon} engine run: Bacalhau applies no
     * timeout to them, and Temporal requires one; the node's heartbeats are what say it is alive.
     */
    static final Duration LONG_RUNNING_RUN = Duration.ofDays(3650);

    private final OrchestrationSettings settings;

    public StepOptions(OrchestrationSettings settings) {
        this.settings = settings;
    }

    public OrchestrationSettings settings() {
        return settings;
    }

    /** Listing the nodes on the default queue: a few quick tries. */
    public ActivityOptions listNodes() {
        return ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.DEFAULT)
                .setStartToCloseTimeout(SHORT_STEP)
                .setScheduleToCloseTimeout(REGISTRY_WAIT)
                .setRetryOptions(attempts(STEP_ATTEMPTS))
                .setSummary("list connected nodes")
                .build();
    }

    /**
     * Listing the nodes as a local activity of the worker running the workflow: the same tries,
     * without an activity dispatch and the workflow task that follows it.
     */
    public LocalActivityOptions listNodesLocally() {
        return LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(SHORT_STEP)
                .setScheduleToCloseTimeout(REGISTRY_WAIT)
                .setRetryOptions(attempts(STEP_ATTEMPTS))
                .setSummary("list connected nodes")
                .build();
    }

    /**
     * A claim on a placement queue (any node may take it) or on one node's own queue (ops).
     * Refusals are retried with backoff until {@code wait} is spent; a node targeted by an ops job
     * that can never run the task is not asked again, and one that does not answer within the node
     * schedule-to-start timeout counts as lost.
     */
    public ActivityOptions claim(String queue, boolean targeted, Duration wait, String summary) {
        Duration initial = settings.placementRetry();
        RetryOptions.Builder retry =
                RetryOptions.newBuilder()
                        .setInitialInterval(initial)
                        .setBackoffCoefficient(2)
                        .setMaximumInterval(
                                initial.compareTo(MAX_CLAIM_INTERVAL) > 0
                                        ? initial
                                        : MAX_CLAIM_INTERVAL)
                        .setMaximumAttempts(0);
        ActivityOptions.Builder b =
                ActivityOptions.newBuilder()
                        .setTaskQueue(queue)
                        .setScheduleToCloseTimeout(wait)
                        .setStartToCloseTimeout(SHORT_STEP)
                        .setSummary(summary);
        if (targeted) {
            retry.setDoNotRetry(ErrorCode.NODE_UNSUITABLE.name());
            b.setScheduleToStartTimeout(settings.nodeScheduleToStart());
        }
        return b.setRetryOptions(retry.build()).build();
    }

    public ActivityOptions checkNetwork(NodeClaim claim, String summary) {
        return onNode(claim, summary)
                .setStartToCloseTimeout(NETWORK_CHECK)
                .setRetryOptions(attempts(1))
                .build();
    }

    public ActivityOptions stageInputs(NodeClaim claim, String summary) {
        return onNode(claim, summary)
                .setStartToCloseTimeout(settings.stagingTimeout())
                .setRetryOptions(attempts(STEP_ATTEMPTS))
                .build();
    }

    /**
     * The engine run. A node that stops heartbeating (killed, restarting) or that left its work
     * running for re-attachment ({@link ErrorCode#NODE_INTERRUPTED}) or cannot reach its container
     * runtime ({@code NODE_FAILURE}) gets the same execution back on its own queue, with backoff,
     * for the node grace period: each attempt must be picked up within it (schedule-to-start), so a
     * node that stays away ends the execution with a schedule-to-start timeout and the workflow
     * places the partition elsewhere. Every other failure is final for this execution. On
     * cancellation the workflow waits until the node confirms the run was killed, so the
     * reservation is released only after that.
     */
    public ActivityOptions execute(NodeClaim claim, Duration timeout, String summary) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(claim.nodeQueue())
                .setSummary(summary)
                .setScheduleToStartTimeout(settings.nodeGracePeriod())
                // The node's own deadline stops the run at the execution timeout; this is the
                // backstop. An execution claimed ahead of room may first wait for it on the node.
                .setStartToCloseTimeout(
                        timeout.plus(settings.heartbeatTimeout()).plus(ClaimRequest.NODE_WAIT))
                .setHeartbeatTimeout(settings.heartbeatTimeout())
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .setRetryOptions(
                        RetryOptions.newBuilder()
                                .setInitialInterval(Duration.ofSeconds(1))
                                .setBackoffCoefficient(2)
                                .setMaximumInterval(MAX_NODE_RETRY_INTERVAL)
                                .setMaximumAttempts(MAX_EXECUTE_ATTEMPTS)
                                .setDoNotRetry(ExecuteRetries.finalTypes())
                                .build())
                .build();
    }

    public ActivityOptions publish(NodeClaim claim, String summary) {
        return onNode(claim, summary)
                .setStartToCloseTimeout(settings.publishingTimeout())
                .setRetryOptions(attempts(STEP_ATTEMPTS))
                .build();
    }

    public ActivityOptions release(NodeClaim claim, String summary) {
        return onNode(claim, summary)
                .setStartToCloseTimeout(SHORT_STEP)
                .setRetryOptions(attempts(STEP_ATTEMPTS))
                .build();
    }

    /**
     * How long {@code job}'s engine run may take: none for a long-running job, else {@link
     * #executionTimeout}.
     */
    public Duration runTimeout(Job job) {
        return job.jobType().map(JobType::isLongRunning).orElse(false)
                ? LONG_RUNNING_RUN
                : executionTimeout(job.task().orElseThrow());
    }

    /**
     * The execution timeout of {@code task}: Bacalhau's effective timeout, else the worker's
     * default.
     */
    public Duration executionTimeout(Task task) {
        long seconds = task.timeouts().effectiveExecutionTimeout();
        return seconds > 0 ? Duration.ofSeconds(seconds) : settings.defaultExecutionTimeout();
    }

    /**
     * How long one claim may wait for a node: the task's queue timeout, else what is left of its
     * total timeout, else the worker's default execution timeout.
     */
    public Duration queueWait(Task task, Duration elapsed) {
        TimeoutConfig t = task.timeouts();
        if (t.queueTimeout() > 0) {
            return Duration.ofSeconds(t.queueTimeout());
        }
        if (t.totalTimeout() > 0) {
            Duration left = Duration.ofSeconds(t.totalTimeout()).minus(elapsed);
            return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
        }
        return settings.defaultExecutionTimeout();
    }

    private ActivityOptions.Builder onNode(NodeClaim claim, String summary) {
        return ActivityOptions.newBuilder()
                .setTaskQueue(claim.nodeQueue())
                .setScheduleToStartTimeout(settings.nodeScheduleToStart())
                .setSummary(summary);
    }

    private static RetryOptions attempts(int n) {
        return RetryOptions.newBuilder().setMaximumAttempts(n).build();
    }
}
