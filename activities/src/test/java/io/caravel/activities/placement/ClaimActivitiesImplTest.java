package io.caravel.activities.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.TestJobs;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.Job;
import io.caravel.api.model.ResourcesConfig;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.activities.ClaimRequest;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.NodeRefusal;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class ClaimActivitiesImplTest {
    private static final long GIB = 1L << 30;
    private static final NodePolicy POLICY =
            NodePolicy.builder("n1").engines("noop").publishers("noop").build();

    private final NodeLedger ledger =
            new NodeLedger(new Resources(2000, 4 * GIB, 10 * GIB, 0), List.of(0, 1));
    private final ClaimActivitiesImpl claims =
            new ClaimActivitiesImpl(POLICY, ledger, "caravel-node-n1");

    @Test
    void reservesWhatFitsAndAnswersWithTheNodeQueue() {
        NodeClaim claim = claims.claim(request("e-1", "1", "1Gi", "0"));

        assertThat(claim).isEqualTo(new NodeClaim("n1", "caravel-node-n1", "e-1", List.of(), true));
        assertThat(ledger.available()).isEqualTo(new Resources(1000, 3 * GIB, 10 * GIB, 2));
    }

    @Test
    void reservesGpusByIndex() {
        assertThat(claims.claim(request("e-1", "500m", "1Gi", "1")).gpuIndices())
                .containsExactly(0);
        assertThat(claims.claim(request("e-2", "500m", "1Gi", "1")).gpuIndices())
                .containsExactly(1);
        ledger.release("e-1");
        assertThat(claims.claim(request("e-3", "500m", "1Gi", "1")).gpuIndices())
                .containsExactly(0);
    }

    @Test
    void sameExecutionClaimedTwiceReservesOnce() {
        NodeClaim first = claims.claim(request("e-1", "2", "1Gi", "2"));
        NodeClaim again = claims.claim(request("e-1", "2", "1Gi", "2"));

        assertThat(again).isEqualTo(first);
        assertThat(first.gpuIndices()).containsExactly(0, 1);
        assertThat(ledger.reservationCount()).isEqualTo(1);
        assertThat(ledger.available().cpuMillis()).isZero();
    }

    @Test
    void busyWhenNotFreeNowNamingWhatIsShort() {
        claims.claim(request("e-1", "1500m", "1Gi", "0"));

        assertThatThrownBy(() -> claims.claim(request("e-2", "1", "1Gi", "0")))
                .asInstanceOf(InstanceOfAssertFactories.type(ApplicationFailure.class))
                .satisfies(
                        f -> {
                            assertThat(f.getType()).isEqualTo(ErrorCode.NODE_BUSY.name());
                            assertThat(f.isNonRetryable()).isFalse();
                            assertThat(f.getOriginalMessage())
                                    .isEqualTo(
                                            "node n1 is busy: execution e-2 needs 1 CPU (500m free)");
                        });
        ledger.release("e-1");
        assertThat(claims.claim(request("e-2", "1", "1Gi", "0")).reservationId()).isEqualTo("e-2");
    }

    @Test
    void aClaimThatFindsTheNodeFullTakesTheRoomARunningExecutionFrees() throws Exception {
        ClaimActivitiesImpl waiting =
                new ClaimActivitiesImpl(
                        POLICY,
                        ledger,
                        "caravel-node-n1",
                        EngineAvailability.ALWAYS,
                        Duration.ofMinutes(1));
        waiting.claim(request("e-1", "1500m", "1Gi", "0"));
        CompletableFuture<NodeClaim> second =
                CompletableFuture.supplyAsync(() -> waiting.claim(request("e-2", "1", "1Gi", "0")));
        Thread.sleep(200);
        assertThat(second).as("waiting for room, not refused").isNotDone();
        ledger.release("e-1");

        assertThat(second.get(1, TimeUnit.MINUTES).reservationId()).isEqualTo("e-2");
        assertThat(ledger.reservation("e-1")).isEmpty();
    }

    @Test
    void aClaimThatWaitedForRoomInVainIsRefusedAsBusy() {
        ClaimActivitiesImpl waiting =
                new ClaimActivitiesImpl(
                        POLICY,
                        ledger,
                        "caravel-node-n1",
                        EngineAvailability.ALWAYS,
                        Duration.ofMillis(50));
        waiting.claim(request("e-1", "1500m", "1Gi", "0"));

        assertThatThrownBy(() -> waiting.claim(request("e-2", "1", "1Gi", "0")))
                .asInstanceOf(InstanceOfAssertFactories.type(ApplicationFailure.class))
                .satisfies(f -> assertThat(f.getType()).isEqualTo(ErrorCode.NODE_BUSY.name()));
        assertThat(ledger.reservation("e-2")).isEmpty();
    }

    @Test
    void unsuitableWhenItCanNeverFit() {
        assertThatThrownBy(() -> claims.claim(request("e-1", "4", "1Gi", "3")))
                .asInstanceOf(InstanceOfAssertFactories.type(ApplicationFailure.class))
                .satisfies(
                        f -> {
                            assertThat(f.getType()).isEqualTo(ErrorCode.NODE_UNSUITABLE.name());
                            assertThat(f.isNonRetryable()).isFalse();
                            assertThat(f.getOriginalMessage())
                                    .isEqualTo(
                                            "node n1 is too small for execution e-1 even when"
                                                    + " idle: needs 4 CPU (2 in total), 3 GPUs (2 in total)");
                        });
        assertThat(ledger.reservationCount()).isZero();
    }

    @Test
    void unsuitableWhenThePolicyRefuses() {
        Job job =
                TestJobs.job(
                        TestJobs.noopTask(Map.of())
                                .engine(io.caravel.api.model.SpecConfig.of("docker"))
                                .build());

        assertThatThrownBy(() -> claims.claim(new ClaimRequest(job, "e-1", 0, "")))
                .asInstanceOf(InstanceOfAssertFactories.type(ApplicationFailure.class))
                .satisfies(
                        f -> {
                            assertThat(f.getType()).isEqualTo(ErrorCode.NODE_UNSUITABLE.name());
                            assertThat(f.getOriginalMessage())
                                    .isEqualTo(
                                            "node n1 cannot run execution e-1: engine docker not enabled here (enabled: noop)");
                        });
    }

    @Test
    void unsuitableWhenAnotherNodeIsTheTarget() {
        ClaimRequest request = new ClaimRequest(TestJobs.noopJob(), "e-1", 0, "n2");

        assertThatThrownBy(() -> claims.claim(request))
                .asInstanceOf(InstanceOfAssertFactories.type(ApplicationFailure.class))
                .satisfies(
                        f -> {
                            assertThat(f.getType()).isEqualTo(ErrorCode.NODE_UNSUITABLE.name());
                            assertThat(f.getOriginalMessage())
                                    .isEqualTo(
                                            "node n1 is not the target node n2 of execution e-1");
                        });
        assertThat(claims.claim(new ClaimRequest(TestJobs.noopJob(), "e-1", 0, "n1")).nodeId())
                .isEqualTo("n1");
    }

    @Test
    void aRefusalTheWorkflowAskedForAndDoesNotKnowIsReportedWithTheNodeAndReason() {
        Job docker =
                TestJobs.job(
                        TestJobs.noopTask(Map.of())
                                .engine(io.caravel.api.model.SpecConfig.of("docker"))
                                .build());
        ApplicationFailure unsuitable = refusal(new ClaimRequest(docker, "e-1", 0, "", List.of()));
        assertThat(unsuitable.getType()).isEqualTo(ErrorCode.NODE_REFUSED.name());
        assertThat(unsuitable.isNonRetryable()).isTrue();
        assertThat(unsuitable.getOriginalMessage())
                .isEqualTo(
                        "node n1 cannot run execution e-1: engine docker not enabled here (enabled: noop)");
        assertThat(unsuitable.getDetails().get(NodeRefusal.class))
                .isEqualTo(
                        new NodeRefusal(
                                "n1", true, "engine docker not enabled here (enabled: noop)"));

        ApplicationFailure tooSmall =
                refusal(withKnown(request("e-2", "4", "1Gi", "0"), List.of()));
        assertThat(tooSmall.getDetails().get(NodeRefusal.class))
                .isEqualTo(
                        new NodeRefusal(
                                "n1", true, "too small even when idle: needs 4 CPU (2 in total)"));

        claims.claim(request("e-3", "1500m", "1Gi", "0"));
        ApplicationFailure busy =
                refusal(
                        withKnown(
                                request("e-4", "1", "1Gi", "0"),
                                List.of(
                                        new NodeRefusal("n1", true, "an older reason"),
                                        new NodeRefusal("n2", false, "busy"))));
        assertThat(busy.getType()).isEqualTo(ErrorCode.NODE_REFUSED.name());
        assertThat(busy.getOriginalMessage())
                .isEqualTo("node n1 is busy: execution e-4 needs 1 CPU (500m free)");
        assertThat(busy.getDetails().get(NodeRefusal.class))
                .isEqualTo(new NodeRefusal("n1", false, "busy: needs 1 CPU (500m free)"));
    }

    @Test
    void aRefusalTheWorkflowKnowsIsRetryableAsBefore() {
        Job docker =
                TestJobs.job(
                        TestJobs.noopTask(Map.of())
                                .engine(io.caravel.api.model.SpecConfig.of("docker"))
                                .build());
        ApplicationFailure unsuitable =
                refusal(
                        new ClaimRequest(
                                docker,
                                "e-1",
                                0,
                                "",
                                List.of(
                                        new NodeRefusal(
                                                "n1",
                                                true,
                                                "engine docker not enabled here (enabled: noop)"))));
        assertThat(unsuitable.getType()).isEqualTo(ErrorCode.NODE_UNSUITABLE.name());
        assertThat(unsuitable.isNonRetryable()).isFalse();

        claims.claim(request("e-2", "1500m", "1Gi", "0"));
        ApplicationFailure busy =
                refusal(
                        withKnown(
                                request("e-3", "1", "1Gi", "0"),
                                List.of(
                                        new NodeRefusal(
                                                "n1", false, "busy: needs 1 CPU (0 free)"))));
        assertThat(busy.getType()).isEqualTo(ErrorCode.NODE_BUSY.name());
        assertThat(busy.isNonRetryable()).isFalse();
        ledger.release("e-2");
        assertThat(
                        claims.claim(
                                        withKnown(
                                                request("e-3", "1", "1Gi", "0"),
                                                List.of(new NodeRefusal("n1", false, "busy"))))
                                .reservationId())
                .isEqualTo("e-3");
    }

    @Test
    void refusesAnExecutionIdThatIsNotOne() {
        assertThatThrownBy(
                        () -> claims.claim(new ClaimRequest(TestJobs.noopJob(), "../e-1", 0, "")))
                .asInstanceOf(InstanceOfAssertFactories.type(ApplicationFailure.class))
                .satisfies(
                        f -> {
                            assertThat(f.getType()).isEqualTo("BAD_ARGUMENT");
                            assertThat(f.isNonRetryable()).isTrue();
                        });
    }

    private ApplicationFailure refusal(ClaimRequest request) {
        try {
            claims.claim(request);
        } catch (ApplicationFailure f) {
            return f;
        }
        throw new AssertionError("the claim was not refused");
    }

    private static ClaimRequest withKnown(ClaimRequest r, List<NodeRefusal> known) {
        return new ClaimRequest(
                r.job(), r.executionId(), r.partitionIndex(), r.targetNodeId(), known);
    }

    private static ClaimRequest request(String executionId, String cpu, String memory, String gpu) {
        Job job =
                TestJobs.job(
                        TestJobs.noopTask(Map.of())
                                .resources(new ResourcesConfig(cpu, memory, "", gpu))
                                .build());
        return new ClaimRequest(job, executionId, 0, "");
    }
}
