package io.caravel.workflows.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.Job;
import io.caravel.api.model.Task;
import io.caravel.api.model.TimeoutConfig;
import io.caravel.workflows.OrchestrationSettings;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.activities.NodeClaim;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepOptionsTest {
    private static final OrchestrationSettings SETTINGS =
            OrchestrationSettings.builder()
                    .nodeScheduleToStart(Duration.ofSeconds(5))
                    .heartbeatTimeout(Duration.ofSeconds(7))
                    .placementRetry(Duration.ofMillis(250))
                    .stagingTimeout(Duration.ofMinutes(3))
                    .publishingTimeout(Duration.ofMinutes(4))
                    .defaultExecutionTimeout(Duration.ofHours(2))
                    .build();
    private static final NodeClaim CLAIM =
            new NodeClaim("n1", TaskQueues.node("n1"), "e-1", List.of());
    private final StepOptions options = new StepOptions(SETTINGS);

    private static Task task(long execution, long queue, long total) {
        return Task.builder()
                .name("main")
                .timeouts(new TimeoutConfig(execution, queue, total))
                .build();
    }

    @Test
    void aClaimRetriesRefusalsWithBackoffUntilTheWaitIsSpent() {
        ActivityOptions o =
                options.claim(TaskQueues.PLACEMENT_GPU, false, Duration.ofMinutes(5), "place e-1");
        assertThat(o.getTaskQueue()).isEqualTo(TaskQueues.PLACEMENT_GPU);
        assertThat(o.getScheduleToCloseTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.getStartToCloseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.getScheduleToStartTimeout()).isNull();
        assertThat(o.getRetryOptions().getInitialInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(o.getRetryOptions().getBackoffCoefficient()).isEqualTo(2.0);
        assertThat(o.getRetryOptions().getMaximumInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.getRetryOptions().getMaximumAttempts()).isZero();
        assertThat(o.getSummary()).isEqualTo("place e-1");
    }

    @Test
    void aTargetedClaimNoticesALostNodeAndDoesNotAskAnUnsuitableOneAgain() {
        ActivityOptions o =
                options.claim(CLAIM.nodeQueue(), true, Duration.ofMinutes(5), "claim n1");
        assertThat(o.getScheduleToStartTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.getRetryOptions().getDoNotRetry())
                .containsExactly(ErrorCode.NODE_UNSUITABLE.name());
    }

    @Test
    void theExecutionIsOfferedToItsNodeAgainForTheGracePeriodOnlyAfterNodeFaults() {
        ActivityOptions o =
                options.execute(CLAIM, Duration.ofSeconds(90), "run docker busybox (partition 0)");
        assertThat(o.getTaskQueue()).isEqualTo(CLAIM.nodeQueue());
        assertThat(o.getScheduleToStartTimeout())
                .isEqualTo(OrchestrationSettings.DEFAULT_NODE_GRACE_PERIOD);
        // The run, a heartbeat timeout, and the longest wait for room of a claim taken ahead.
        assertThat(o.getStartToCloseTimeout()).isEqualTo(Duration.ofSeconds(100));
        assertThat(o.getHeartbeatTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(o.getRetryOptions().getMaximumAttempts())
                .isEqualTo(StepOptions.MAX_EXECUTE_ATTEMPTS);
        assertThat(o.getRetryOptions().getMaximumInterval())
                .isEqualTo(StepOptions.MAX_NODE_RETRY_INTERVAL);
        assertThat(o.getRetryOptions().getDoNotRetry())
                .contains(
                        ErrorCode.EXECUTION_FAILED.name(),
                        ErrorCode.EXECUTION_LOST.name(),
                        ErrorCode.EXECUTION_TIMEOUT.name())
                .doesNotContain(ErrorCode.NODE_INTERRUPTED.name(), "NODE_FAILURE");
        assertThat(o.getCancellationType())
                .isEqualTo(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED);
    }

    @Test
    void nodeStepsUseTheirSettingsAndAttempts() {
        assertThat(options.checkNetwork(CLAIM, "s").getRetryOptions().getMaximumAttempts())
                .isEqualTo(1);
        assertThat(options.checkNetwork(CLAIM, "s").getStartToCloseTimeout())
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(options.stageInputs(CLAIM, "s").getStartToCloseTimeout())
                .isEqualTo(Duration.ofMinutes(3));
        assertThat(options.stageInputs(CLAIM, "s").getRetryOptions().getMaximumAttempts())
                .isEqualTo(3);
        assertThat(options.publish(CLAIM, "s").getStartToCloseTimeout())
                .isEqualTo(Duration.ofMinutes(4));
        assertThat(options.publish(CLAIM, "s").getRetryOptions().getMaximumAttempts()).isEqualTo(3);
        ActivityOptions release = options.release(CLAIM, "s");
        assertThat(release.getScheduleToStartTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(release.getStartToCloseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(release.getRetryOptions().getMaximumAttempts()).isEqualTo(3);
    }

    @Test
    void theExecutionTimeoutFallsBackToTheTotalTimeoutThenToTheDefault() {
        assertThat(options.executionTimeout(task(60, 0, 120))).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.executionTimeout(task(0, 0, 120))).isEqualTo(Duration.ofSeconds(120));
        assertThat(options.executionTimeout(task(0, 0, 0))).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aServiceOrDaemonRunHasNoTimeoutOfItsOwnOnlyItsHeartbeats() {
        for (String type : List.of("service", "daemon")) {
            Job job = Job.builder().type(type).tasks(List.of(task(60, 0, 120))).build();
            assertThat(options.runTimeout(job)).isEqualTo(StepOptions.LONG_RUNNING_RUN);
        }
        assertThat(
                        options.runTimeout(
                                Job.builder().type("batch").tasks(List.of(task(60, 0, 0))).build()))
                .isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theQueueWaitIsTheQueueTimeoutElseWhatIsLeftOfTheTotalElseTheDefault() {
        assertThat(options.queueWait(task(0, 30, 100), Duration.ofSeconds(50)))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(options.queueWait(task(0, 0, 100), Duration.ofSeconds(40)))
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(options.queueWait(task(0, 0, 100), Duration.ofSeconds(400)))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(options.queueWait(task(0, 0, 0), Duration.ofSeconds(40)))
                .isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aLongPlacementRetryRaisesTheMaximumInterval() {
        StepOptions slow =
                new StepOptions(
                        OrchestrationSettings.builder()
                                .placementRetry(Duration.ofSeconds(20))
                                .build());
        assertThat(
                        slow.claim("q", false, Duration.ofMinutes(1), "s")
                                .getRetryOptions()
                                .getMaximumInterval())
                .isEqualTo(Duration.ofSeconds(20));
    }
}
