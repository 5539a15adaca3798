package io.caravel.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.JobStateType;
import io.caravel.api.model.RunOutput;
import io.caravel.workflows.FakeNode.Execute;
import io.caravel.workflows.activities.ClaimRequest;
import io.caravel.workflows.activities.ExecutionRequest;
import io.caravel.workflows.internal.ExecuteRetries;
import io.caravel.workflows.internal.JobRunner;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.JobEvent;
import io.caravel.workflows.model.JobResult;
import io.caravel.workflows.model.StopResult;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** JobWorkflow's logic on the Temporal test server, with fake nodes, placement and registry. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JobWorkflowTest {
    private TestCluster cluster;

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private TestCluster cluster() {
        cluster = new TestCluster();
        return cluster;
    }

    private TestCluster cluster(OrchestrationSettings settings) {
        cluster = new TestCluster(settings);
        return cluster;
    }

    @Test
    void batchJobRunsEveryStepOnTheClaimingNodeAndReleases() {
        FakeNode n1 = cluster().node("n1");
        cluster.start();
        JobWorkflow stub = cluster.startJob(Jobs.batch(1));
        JobResult result = WorkflowStub.fromTyped(stub).getResult(JobResult.class);

        assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
        assertThat(result.jobId()).isEqualTo(TestCluster.id(stub));
        assertThat(result.type()).isEqualTo("batch");
        ExecutionRecord e = result.executions().get(0);
        assertThat(result.executions()).hasSize(1);
        assertThat(e.id()).startsWith("e-");
        assertThat(e.state()).isEqualTo(ExecutionStateType.COMPLETED);
        assertThat(e.nodeId()).isEqualTo("n1");
        assertThat(e.runOutput().stdout()).isEqualTo("out-0-n1");
        assertThat(e.publishedResult().type()).isEqualTo("local");
        // No inputs: Execute checks the network itself; the last step (Publish) frees the
        // reservation.
        assertThat(n1.calls).containsExactly("Execute " + e.id(), "Publish " + e.id());
        assertThat(n1.requests).allMatch(ExecutionRequest::executePrepares);
        assertThat(n1.released).containsExactly(e.id());
        assertThat(cluster.placement.claims)
                .extracting(ClaimRequest::executionId)
                .containsExactly(e.id());
        // The node list is the worker's recent read, by a local activity of the workflow's worker.
        assertThat(cluster.registry.recentCalls).hasValue(1);
        assertThat(cluster.registry.calls).hasValue(0);
        assertThat(cluster.localActivityMarkers(result.jobId())).isOne();
        assertThat(cluster.scheduledActivities(result.jobId()))
                .containsExactly(
                        "Claim " + TaskQueues.PLACEMENT_CPU,
                        "Execute " + n1.queue(),
                        "Publish " + n1.queue());
    }

    @Test
    void aNodeMissingFromTheWorkersRecentNodeListIsFoundInTheRegistry() {
        cluster().node("n1");
        cluster.registry.recent = List.of();
        cluster.start();
        JobResult result = cluster.run(Jobs.batch(1));

        assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
        assertThat(cluster.registry.recentCalls).hasValue(1);
        assertThat(cluster.registry.calls).hasValue(1);
        assertThat(cluster.localActivityMarkers(result.jobId())).isEqualTo(2);
    }

    @Test
    void everyActivityHasASummaryForTheTemporalUi() {
        cluster().node("n1");
        cluster.start();
        JobResult result = cluster.run(Jobs.batch(1));
        String id = result.executions().get(0).id();
        assertThat(cluster.activitySummaries(result.jobId()))
                .containsExactly(
                        "Claim: place " + id + " (partition 0)",
                        "Execute: run docker busybox:1.36 (partition 0)",
                        "Publish: publish to local (partition 0)");
    }

    @Test
    void inputsAreStagedOnTheNodeBeforeTheRun() {
        FakeNode n1 = cluster().node("n1");
        cluster.start();
        JobResult result =
                cluster.run(
                        Jobs.parse(
                                """
                {"Type": "batch", "Count": 1, "Tasks": [{"Name": "main",
                  "Engine": {"Type": "docker", "Params": {"Image": "busybox"}},
                  "InputSources": [{"Source": {"Type": "urlDownload", "Params": {"URL": "https://example.com/a.csv"}},
                                    "Target": "/inputs/a.csv"}]}]}"""));
        String id = result.executions().get(0).id();
        assertThat(n1.calls)
                .containsExactly("CheckNetwork " + id, "StageInputs " + id, "Execute " + id);
        assertThat(n1.released).containsExactly(id);
    }

    /** A WASM job whose only input is inline. */
    private static Map<String, Object> inlineWasmJob() {
        return Jobs.parse(
                """
                {"Type": "batch", "Count": 1, "Tasks": [{"Name": "main",
                  "Engine": {"Type": "wasm", "Params": {"EntryModule": "/app/hello.wasm"}},
                  "InputSources": [{"Source": {"Type": "inline", "Params": {"URL": "data:,hello"}},
                                    "Target": "/app/hello.wasm"}]}]}""");
    }

    @Test
    void inlineInputsAreStagedByExecuteItselfWithTheNetworkCheck() {
        FakeNode n1 = cluster().node("n1");
        cluster.start();
        JobResult result = cluster.run(inlineWasmJob());
        String id = result.executions().get(0).id();
        assertThat(n1.calls).containsExactly("Execute " + id);
        assertThat(n1.requests)
                .singleElement()
                .satisfies(r -> assertThat(r.executePrepares()).isTrue());
        assertThat(cluster.scheduledActivities(result.jobId()))
                .containsExactly("Claim " + TaskQueues.PLACEMENT_CPU, "Execute " + n1.queue());
    }

    @Test
    void claimsCarryTheJobWithoutItsInlineDataExecuteAndDescribeTheWholeJob() {
        FakeNode n1 = cluster().node("n1");
        cluster.start();
        JobWorkflow stub =
                cluster.startJob(
                        Jobs.parse(
                                """
                {"Type": "batch", "Count": 1, "Tasks": [{"Name": "main",
                  "Engine": {"Type": "wasm", "Params": {"EntryModule": "/app/hello.wasm"}},
                  "InputSources": [
                    {"Source": {"Type": "inline", "Params": {"URL": "data:,hello"}}, "Target": "/app/hello.wasm"},
                    {"Source": {"Type": "urlDownload", "Params": {"URL": "https://example.com/a.csv"}},
                     "Target": "/inputs/a.csv"}]}]}"""));
        WorkflowStub.fromTyped(stub).getResult(JobResult.class);

        Function<io.caravel.api.model.Job, List<Map<String, Object>>> params =
                job ->
                        job.task().orElseThrow().inputSources().stream()
                                .map(i -> i.source().params())
                                .toList();
        assertThat(cluster.placement.claims)
                .singleElement()
                .satisfies(
                        c ->
                                assertThat(params.apply(c.job()))
                                        .containsExactly(
                                                Map.of(),
                                                Map.of("URL", "https://example.com/a.csv")));
        List<Map<String, Object>> whole =
                List.of(Map.of("URL", "data:,hello"), Map.of("URL", "https://example.com/a.csv"));
        assertThat(n1.requests)
                .singleElement()
                .satisfies(r -> assertThat(params.apply(r.job())).isEqualTo(whole));
        assertThat(params.apply(stub.describe().job())).isEqualTo(whole);
    }

    @Test
    void aModuleLeftOutOfTheRecordedJobReachesExecuteAndTheDescriptionWhole() {
        FakeNode n1 = cluster().node("n1");
        cluster.start();
        Map<String, Object> input = Jobs.wasmWithInlineModule();
        JobWorkflow stub = cluster.startJob(input);
        String id = TestCluster.id(stub);
        WorkflowStub.fromTyped(stub).getResult(JobResult.class);

        String sent =
                io.caravel.workflows.internal.JobInput.decode(input, id, "")
                        .job()
                        .task()
                        .orElseThrow()
                        .inputSources()
                        .get(0)
                        .source()
                        .params()
                        .get("URL")
                        .toString();
        assertThat(sent)
                .startsWith("data:application/wasm;base64,AGFzbQEAAAA")
                .hasSizeGreaterThan(1024);
        assertThat(Histories.admissions(cluster.client.fetchHistory(id)))
                .singleElement()
                .satisfies(
                        a ->
                                assertThat(
                                                a.job()
                                                        .task()
                                                        .orElseThrow()
                                                        .inputSources()
                                                        .get(0)
                                                        .source()
                                                        .params())
                                        .containsOnlyKeys("InlineDataSHA256"));
        Function<io.caravel.api.model.Job, Object> urlOf =
                job -> job.task().orElseThrow().inputSources().get(0).source().params().get("URL");
        assertThat(n1.requests)
                .singleElement()
                .satisfies(r -> assertThat(urlOf.apply(r.job())).isEqualTo(sent));
        assertThat(urlOf.apply(stub.describe().job())).isEqualTo(sent);
    }

    @Test
    void anOlderNodeThatDoesNotSayItsExecutePreparesGetsTheNetworkCheckAndStagingActivities() {
        FakeNode n1 = cluster().node("n1");
        cluster.placement.older.add("n1");
        cluster.start();
        JobResult result = cluster.run(inlineWasmJob());
        String id = result.executions().get(0).id();
        assertThat(n1.calls)
                .containsExactly("CheckNetwork " + id, "StageInputs " + id, "Execute " + id);
        assertThat(n1.requests)
                .singleElement()
                .satisfies(r -> assertThat(r.executePrepares()).isFalse());
    }

    @Test
    void aNetworkRefusedByAnExecuteThatPreparesItselfIsReportedAsTheNetworkCheck() {
        FakeNode n1 = cluster().node("n1");
        n1.refuseNetwork = true;
        cluster.start();
        ApplicationFailure f = failure(() -> cluster.run(Jobs.batch(1)));

        assertThat(f.getOriginalMessage())
                .startsWith("the network check failed on node n1: network mode Default");
        String id = f.getDetails().get(JobResult.class).executions().get(0).id();
        assertThat(n1.calls).containsExactly("Execute " + id, "Release " + id);
    }

    @Test
    void countThreeRunsThreePartitionsWithDistinctExecutionIdsAndKeepsNonZeroExitCodes() {
        FakeNode n1 = cluster().node("n1");
        n1.exitCode = 3;
        cluster.start();
        JobResult result = cluster.run(Jobs.batch(3));

        assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
        assertThat(result.executions()).hasSize(3);
        assertThat(result.executions()).extracting(ExecutionRecord::id).doesNotHaveDuplicates();
        assertThat(result.executions())
                .extracting(ExecutionRecord::partitionIndex)
                .containsExactlyInAnyOrder(0, 1, 2);
        assertThat(result.executions())
                .extracting(ExecutionRecord::state)
                .containsOnly(ExecutionStateType.COMPLETED);
        assertThat(result.executions()).extracting(r -> r.runOutput().exitCode()).containsOnly(3);
        assertThat(result.executions())
                .extracting(r -> r.runOutput().stdout())
                .containsExactlyInAnyOrder("out-0-n1", "out-1-n1", "out-2-n1");
        assertThat(n1.released).hasSize(3);
    }

    @Test
    void countZeroCompletesAtOnce() {
        cluster().node("n1");
        cluster.start();
        JobResult result = cluster.run(Jobs.batch(0));
        assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
        assertThat(result.executions()).isEmpty();
        assertThat(cluster.placement.claims).isEmpty();
    }

    @Test
    void badSpecFailsAtOnceListingEveryProblem() {
        cluster().node("n1");
        cluster.start();
        ApplicationFailure f =
                failure(
                        () ->
                                cluster.run(
                                        Jobs.parse(
                                                """
                {"Type": "batch", "Count": -1, "Tasks": [{"Name": "main", "Engine": {"Type": ""}}]}""")));

        assertThat(f.getType()).isEqualTo("SPEC_INVALID");
        assertThat(f.isNonRetryable()).isTrue();
        assertThat(f.getOriginalMessage())
                .contains("Count", "job count must be >= 0", "Engine", "missing spec type");
        assertThat(cluster.placement.claims).isEmpty();
    }

    @Test
    void aCountOverThePartitionLimitIsRefusedAtAdmissionNamingTheLimit() {
        cluster().node("n1");
        cluster.start();
        ApplicationFailure f = failure(() -> cluster.run(Jobs.batch(100_000)));

        assertThat(f.getType()).isEqualTo("SPEC_INVALID");
        assertThat(f.isNonRetryable()).isTrue();
        assertThat(f.getOriginalMessage())
                .contains("Count 100000 is over the limit of 10000 partitions per job");
        assertThat(cluster.placement.claims).isEmpty();
    }

    @Test
    void acceptsTheApiWrapperAndLowerCaseKeys() {
        cluster().node("n1");
        cluster.start();
        JobResult wrapped = cluster.run(Map.of("Job", Jobs.batch(1), "Force", false));
        assertThat(wrapped.state()).isEqualTo(JobStateType.COMPLETED);

        JobResult lower =
                cluster.run(
                        Jobs.parse(
                                """
                {"job": {"name": "lower", "type": "batch", "count": 2,
                  "tasks": [{"name": "main", "engine": {"type": "docker", "params": {"image": "busybox"}}}]}}"""));
        assertThat(lower.state()).isEqualTo(JobStateType.COMPLETED);
        assertThat(lower.name()).isEqualTo("lower");
        assertThat(lower.executions()).hasSize(2);
        // No publisher: nothing is published.
        assertThat(cluster.nodes.get("n1").count("Publish")).isEqualTo(1);
    }

    @Test
    void failsFastWhenNoConnectedNodeCouldEverFit() {
        cluster().node("n1");
        cluster.start();
        Map<String, Object> job =
                Jobs.parse(
                        """
                {"Type": "batch", "Count": 1, "Tasks": [{"Name": "main",
                  "Engine": {"Type": "docker", "Params": {"Image": "cuda"}}, "Resources": {"GPU": "2"}}]}""");
        ApplicationFailure f = failure(() -> cluster.run(job));

        assertThat(f.getType()).isEqualTo(JobWorkflow.JOB_FAILED);
        assertThat(f.getOriginalMessage()).contains("no node with 2 GPUs; the largest has 0");
        assertThat(cluster.placement.claims).isEmpty();
    }

    @Test
    void withAQueueTimeoutAJobNoNodeFitsWaitsForOneInsteadOfFailingFast() {
        cluster().node("n1");
        cluster.placement.fallback = FakePlacement.BUSY;
        cluster.start();
        JobWorkflow stub =
                cluster.startJob(
                        Jobs.parse(
                                """
                {"Type": "batch", "Count": 1, "Tasks": [{"Name": "main",
                  "Engine": {"Type": "docker", "Params": {"Image": "cuda"}}, "Resources": {"GPU": "2"},
                  "Timeouts": {"QueueTimeout": 1}}]}"""));
        ApplicationFailure f =
                failure(() -> WorkflowStub.fromTyped(stub).getResult(JobResult.class));

        assertThat(f.getOriginalMessage()).contains("within the queue timeout 1s");
        assertThat(cluster.scheduledActivities(TestCluster.id(stub)))
                .contains("Claim " + TaskQueues.PLACEMENT_GPU);
        assertThat(stub.describe().history())
                .extracting(JobEvent::message)
                .anyMatch(
                        m ->
                                m.contains("no node with 2 GPUs")
                                        && m.contains("waiting up to the queue timeout 1s"));
    }

    @Test
    void failsAfterTheQueueTimeoutNamingTheLastRefusal() {
        cluster().node("n1");
        cluster.placement.fallback = FakePlacement.BUSY;
        cluster.start();
        ApplicationFailure f = failure(() -> cluster.run(Jobs.batch(1, "{\"QueueTimeout\": 2}")));

        assertThat(f.getType()).isEqualTo(JobWorkflow.JOB_FAILED);
        assertThat(f.getOriginalMessage())
                .matches(
                        "no node could take execution e-\\S+ within the queue timeout 2s: "
                                + Pattern.quote(FakePlacement.REFUSAL));
        assertThat(cluster.placement.claims.size()).isGreaterThan(1);
        JobResult result = f.getDetails().get(JobResult.class);
        assertThat(result.state()).isEqualTo(JobStateType.FAILED);
        assertThat(result.executions())
                .singleElement()
                .satisfies(e -> assertThat(e.state()).isEqualTo(ExecutionStateType.FAILED));
        assertThat(cluster.nodes.get("n1").calls).isEmpty();
    }

    @Test
    void aLostNodeIsNoticedAndTheExecutionIsPlacedAgainWithANewId() {
        FakeNode dead = cluster().deadNode("n0");
        FakeNode n1 = cluster.node("n1");
        cluster.placement.plan.add("n0");
        cluster.start();
        JobWorkflow stub = cluster.startJob(Jobs.batch(1));
        JobResult result = WorkflowStub.fromTyped(stub).getResult(JobResult.class);

        assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
        assertThat(result.executions()).hasSize(2);
        ExecutionRecord lost = result.executions().get(0);
        ExecutionRecord replaced = result.executions().get(1);
        assertThat(lost.nodeId()).isEqualTo("n0");
        assertThat(lost.state()).isEqualTo(ExecutionStateType.FAILED);
        assertThat(lost.message())
                .contains("node n0 did not pick the execution up", "probably lost");
        assertThat(replaced.id()).isNotEqualTo(lost.id());
        assertThat(replaced.nodeId()).isEqualTo("n1");
        assertThat(replaced.attempt()).isEqualTo(2);
        assertThat(replaced.state()).isEqualTo(ExecutionStateType.COMPLETED);
        assertThat(dead.calls).isEmpty();
        assertThat(n1.released).containsExactly(replaced.id());
        // The lost node's reservation by a Release activity; the replacement's by its last step.
        assertThat(cluster.scheduledActivities(result.jobId()))
                .contains("Release " + dead.queue())
                .doesNotContain("Release " + n1.queue());
    }

    // A node that never comes back is placed elsewhere after the grace period: Temporal's Java test
    // server sets no schedule-to-start timer on retried attempts, so that sequence is proven on the
    // real dev server by the fault suite (cli, io.caravel.cli.faults).

    @Test
    void aNodeThatComesBackWithinTheGracePeriodGetsTheSameExecutionBack()
            throws InterruptedException {
        FakeNode n1 =
                cluster(
                                TestCluster.SETTINGS.toBuilder()
                                        .nodeGracePeriod(Duration.ofSeconds(20))
                                        .build())
                        .node("n1");
        FakeNode n2 = cluster.node("n2");
        n1.execute = Execute.DIE;
        cluster.placement.plan.add("n1");
        cluster.placement.fallback = "n2";
        cluster.start();
        JobWorkflow stub = cluster.startJob(Jobs.batch(1));
        assertThat(n1.executionsStarted.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        // Past the heartbeat timeout the attempt is over; the restarted worker polls again.
        Thread.sleep(TestCluster.SETTINGS.heartbeatTimeout().multipliedBy(2).toMillis());
        n1.execute = Execute.COMPLETE;
        n1.worker.resumePolling();
        JobResult result = WorkflowStub.fromTyped(stub).getResult(JobResult.class);

        assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
        assertThat(result.executions())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.nodeId()).isEqualTo("n1");
                            assertThat(e.state()).isEqualTo(ExecutionStateType.COMPLETED);
                        });
        String id = result.executions().get(0).id();
        assertThat(n1.calls).containsSubsequence("Execute " + id, "Execute " + id);
        assertThat(n2.calls).isEmpty();
    }

    @Test
    void nodeInterruptionsAndRuntimeOutagesAreRetriedOnTheNodeEverythingElseIsFinal() {
        assertThat(ExecuteRetries.RETRIED_ON_NODE)
                .containsExactlyInAnyOrder("NODE_INTERRUPTED", "NODE_FAILURE");
        assertThat(ExecuteRetries.finalTypes())
                .contains("EXECUTION_FAILED", "EXECUTION_LOST", "EXECUTION_TIMEOUT", "SPEC_INVALID")
                .doesNotContain("NODE_INTERRUPTED", "NODE_FAILURE");
    }

    @Test
    void anExecutionANodeTookAheadOfRoomAndHadNoRoomForIsPlacedAgainAsTheSameAttempt() {
        FakeNode n1 = cluster().node("n1");
        n1.execute = Execute.NO_ROOM_ONCE;
        cluster.start();
        JobResult result = cluster.run(Jobs.batch(1));

        assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
        assertThat(result.executions()).hasSize(2);
        ExecutionRecord first = result.executions().get(0);
        ExecutionRecord second = result.executions().get(1);
        assertThat(first.state()).isEqualTo(ExecutionStateType.CANCELLED);
        assertThat(first.message()).contains("node n1 had no room for it in time");
        assertThat(second.state()).isEqualTo(ExecutionStateType.COMPLETED);
        assertThat(List.of(first.attempt(), second.attempt())).containsExactly(1, 1);
        assertThat(cluster.placement.claims)
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.mayWaitOnNode()).isTrue());
        assertThat(n1.released).contains(first.id(), second.id());
    }

    @Test
    void aNonRetryableExecutionFailureFailsTheJobWithoutAnotherAttempt() {
        FakeNode n1 = cluster().node("n1");
        n1.execute = Execute.FAIL_FATAL;
        cluster.start();
        ApplicationFailure f = failure(() -> cluster.run(Jobs.batch(1)));

        assertThat(f.getType()).isEqualTo(JobWorkflow.JOB_FAILED);
        assertThat(f.getOriginalMessage()).contains("image busybox:nope not found");
        JobResult result = f.getDetails().get(JobResult.class);
        assertThat(result.executions())
                .singleElement()
                .satisfies(e -> assertThat(e.state()).isEqualTo(ExecutionStateType.FAILED));
        assertThat(n1.count("Execute")).isEqualTo(1);
        assertThat(n1.released).hasSize(1);
        assertThat(cluster.placement.claims).hasSize(1);
    }

    @Test
    void anEngineErrorIsTheLastStepSoTheNodeReleasesAndNothingIsPublished() {
        FakeNode n1 = cluster().node("n1");
        n1.execute = Execute.ENGINE_ERROR;
        cluster.start();
        ApplicationFailure f = failure(() -> cluster.run(Jobs.batch(1)));

        assertThat(f.getOriginalMessage()).contains("memory limit exceeded");
        String id = f.getDetails().get(JobResult.class).executions().get(0).id();
        assertThat(n1.calls).containsExactly("Execute " + id);
        assertThat(n1.released).containsExactly(id);
    }

    @Test
    void retryableFailuresArePlacedAgainUntilTheAttemptBudgetIsSpent() {
        FakeNode n1 = cluster().node("n1");
        n1.execute = Execute.FAIL_RETRYABLE;
        cluster.start();
        ApplicationFailure f = failure(() -> cluster.run(Jobs.batch(1)));

        assertThat(f.getOriginalMessage()).contains("gave up after 3 attempts", "disk full");
        JobResult result = f.getDetails().get(JobResult.class);
        assertThat(result.executions())
                .hasSize(3)
                .extracting(ExecutionRecord::state)
                .containsOnly(ExecutionStateType.FAILED);
        assertThat(n1.released).hasSize(3);
    }

    @Test
    void anExecutionThatRunsPastItsTimeoutFailsWithoutRetry() {
        FakeNode n1 = cluster().node("n1");
        n1.execute = Execute.HANG_HEARTBEATING;
        cluster.start();
        ApplicationFailure f =
                failure(() -> cluster.run(Jobs.batch(1, "{\"ExecutionTimeout\": 1}")));

        assertThat(f.getOriginalMessage()).isEqualTo("Execution timed out after 1s");
        JobResult result = f.getDetails().get(JobResult.class);
        assertThat(result.executions())
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.state()).isEqualTo(ExecutionStateType.FAILED);
                            assertThat(e.message()).isEqualTo("Execution timed out after 1s");
                        });
        assertThat(n1.released).hasSize(1);
    }

    @Test
    void theTotalTimeoutCancelsRunningExecutionsAndFailsTheJob() {
        FakeNode n1 = cluster().node("n1");
        n1.execute = Execute.HANG_HEARTBEATING;
        // The claim takes a while, so the job's timer fires before the execution's own timeout.
        cluster.placement.delayMillis = 500;
        cluster.start();
        ApplicationFailure f = failure(() -> cluster.run(Jobs.batch(1, "{\"TotalTimeout\": 2}")));

        assertThat(f.getOriginalMessage()).isEqualTo("Job timed out. Job took longer than 2s");
        JobResult result = f.getDetails().get(JobResult.class);
        ExecutionRecord e = result.executions().get(0);
        assertThat(e.state()).isEqualTo(ExecutionStateType.CANCELLED);
        assertThat(n1.cancelled).containsExactly(e.id());
        assertThat(n1.released).containsExactly(e.id());
    }

    @Test
    void stopCancelsRunningExecutionsReleasesAndEndsStopped() throws InterruptedException {
        FakeNode n1 = cluster().node("n1");
        n1.execute = Execute.HANG_HEARTBEATING;
        cluster.start();
        JobWorkflow stub = cluster.startJob(Jobs.batch(2));
        // Both executions running, so that the stop cancels both rather than one still being
        // placed.
        assertThat(n1.executionsStarted.tryAcquire(2, 20, TimeUnit.SECONDS)).isTrue();

        StopResult stop = stub.stop("no longer needed");
        assertThat(stop.stopped()).isTrue();
        assertThat(stop.previousState()).isIn(JobStateType.QUEUED, JobStateType.RUNNING);
        JobResult result = WorkflowStub.fromTyped(stub).getResult(JobResult.class);
        assertThat(result.state()).isEqualTo(JobStateType.STOPPED);
        assertThat(result.message()).isEqualTo("no longer needed");
        assertThat(result.executions())
                .hasSize(2)
                .allSatisfy(
                        e -> {
                            assertThat(e.state()).isEqualTo(ExecutionStateType.CANCELLED);
                            assertThat(e.message()).isEqualTo("no longer needed");
                        });
        assertThat(n1.released).hasSize(2);
        assertThat(n1.cancelled).containsExactlyInAnyOrderElementsOf(n1.released);
    }

    @Test
    void aCountAboveTheLimitNeverHasMorePartitionsInFlightAndCompletes() {
        FakeNode n1 =
                cluster(TestCluster.SETTINGS.toBuilder().maxConcurrentPartitions(3).build())
                        .node("n1");
        // Long enough runs that partitions started all at once would overlap.
        n1.executeMillis = 200;
        cluster.start();
        JobWorkflow stub = cluster.startJob(Jobs.batch(10));
        JobResult result = WorkflowStub.fromTyped(stub).getResult(JobResult.class);

        assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
        assertThat(result.executions())
                .extracting(ExecutionRecord::partitionIndex)
                .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(result.executions())
                .extracting(ExecutionRecord::state)
                .containsOnly(ExecutionStateType.COMPLETED);
        assertThat(cluster.placement.mostHeld).hasValueBetween(1, 3);
        assertThat(n1.released).hasSize(10);
        assertThat(stub.describe().history())
                .extracting(JobEvent::message)
                .contains(
                        "Running at most 3 of the 10 partitions at once; the next starts when one ends");
        assertThat(Histories.versionMarkers(cluster.client.fetchHistory(result.jobId())))
                .contains(JobRunner.BOUNDED_PARTITIONS_CHANGE);
    }

    @Test
    void stopEndsAJobWhosePartitionsWaitForASlotAndStartsNoMore() throws InterruptedException {
        FakeNode n1 =
                cluster(TestCluster.SETTINGS.toBuilder().maxConcurrentPartitions(2).build())
                        .node("n1");
        n1.execute = Execute.HANG_HEARTBEATING;
        cluster.start();
        JobWorkflow stub = cluster.startJob(Jobs.batch(6));
        assertThat(n1.executionsStarted.tryAcquire(2, 20, TimeUnit.SECONDS)).isTrue();

        StopResult stop = stub.stop("no longer needed");
        assertThat(stop.stopped()).isTrue();
        JobResult result = WorkflowStub.fromTyped(stub).getResult(JobResult.class);
        assertThat(result.state()).isEqualTo(JobStateType.STOPPED);
        assertThat(result.executions())
                .hasSize(2)
                .extracting(ExecutionRecord::state)
                .containsOnly(ExecutionStateType.CANCELLED);
        assertThat(n1.count("Execute")).isEqualTo(2);
        assertThat(n1.released).hasSize(2);
        assertThat(cluster.placement.claims).hasSize(2);
    }

    @Test
    void theTotalTimeoutEndsAJobWhosePartitionsWaitForASlot() {
        FakeNode n1 =
                cluster(TestCluster.SETTINGS.toBuilder().maxConcurrentPartitions(1).build())
                        .node("n1");
        n1.execute = Execute.HANG_HEARTBEATING;
        cluster.placement.delayMillis = 500;
        cluster.start();
        ApplicationFailure f = failure(() -> cluster.run(Jobs.batch(3, "{\"TotalTimeout\": 2}")));

        assertThat(f.getOriginalMessage()).isEqualTo("Job timed out. Job took longer than 2s");
        JobResult result = f.getDetails().get(JobResult.class);
        assertThat(result.executions()).hasSize(1);
        assertThat(n1.released).hasSize(1);
        assertThat(cluster.placement.claims).hasSize(1);
    }

    @Test
    void theStopSignalStopsTooAndAStopOfAStoppedJobDoesNothing() throws InterruptedException {
        FakeNode n1 = cluster().node("n1");
        n1.execute = Execute.HANG_HEARTBEATING;
        cluster.start();
        JobWorkflow stub = cluster.startJob(Jobs.batch(1));
        assertThat(n1.executing.await(20, TimeUnit.SECONDS)).isTrue();

        stub.requestStop("");
        JobResult result = WorkflowStub.fromTyped(stub).getResult(JobResult.class);
        assertThat(result.state()).isEqualTo(JobStateType.STOPPED);
        assertThat(result.message()).isEqualTo("job stopped by user");
        assertThat(n1.released).hasSize(1);
        assertThat(stub.describe().history()).extracting(JobEvent::topic).contains("Stop");
    }

    @Test
    void aCompletedJobCannotBeStopped() {
        cluster().node("n1");
        cluster.start();
        JobWorkflow stub = cluster.startJob(Jobs.batch(1));
        WorkflowStub.fromTyped(stub).getResult(JobResult.class);

        assertThatThrownBy(() -> stub.stop("too late")).isInstanceOf(WorkflowException.class);
        assertThat(stub.describe().state()).isEqualTo(JobStateType.COMPLETED);
    }

    @Test
    void cancellingTheWorkflowCancelsAndReleasesItsExecutions() throws InterruptedException {
        FakeNode n1 = cluster().node("n1");
        n1.execute = Execute.HANG_HEARTBEATING;
        cluster.start();
        JobWorkflow stub = cluster.startJob(Jobs.batch(1));
        assertThat(n1.executing.await(20, TimeUnit.SECONDS)).isTrue();

        WorkflowStub.fromTyped(stub).cancel();
        assertThatThrownBy(() -> WorkflowStub.fromTyped(stub).getResult(JobResult.class))
                .isInstanceOf(WorkflowFailedException.class)
                .hasCauseInstanceOf(CanceledFailure.class);
        assertThat(n1.released).hasSize(1);
        assertThat(stub.describe().executions())
                .extracting(ExecutionRecord::state)
                .containsOnly(ExecutionStateType.CANCELLED);
    }

    @Test
    void opsJobRunsOnceOnEveryEligibleNodeThroughItsOwnQueue() {
        FakeNode n1 = cluster().node("n1");
        FakeNode n2 = cluster.node("n2");
        FakeNode n3 = cluster.node("n3");
        cluster.start();
        Map<String, Object> job = Jobs.batch(0);
        job.put("Type", "ops");
        JobResult result = cluster.run(job);

        assertThat(result.state()).isEqualTo(JobStateType.COMPLETED);
        assertThat(result.executions())
                .extracting(ExecutionRecord::nodeId)
                .containsExactlyInAnyOrder("n1", "n2", "n3");
        assertThat(cluster.placement.claims)
                .extracting(ClaimRequest::targetNodeId)
                .containsExactlyInAnyOrder("n1", "n2", "n3");
        for (FakeNode n : List.of(n1, n2, n3)) {
            assertThat(n.count("Execute")).isEqualTo(1);
            assertThat(n.released).hasSize(1);
        }
        assertThat(cluster.scheduledActivities(result.jobId()))
                .contains("Claim " + n1.queue(), "Claim " + n2.queue(), "Claim " + n3.queue());
    }

    @Test
    void opsJobWithNoEligibleNodeFailsAtOnce() {
        cluster().node("n1");
        cluster.start();
        Map<String, Object> job =
                Jobs.parse(
                        """
                {"Type": "ops", "Constraints": [{"Key": "region", "Operator": "=", "Values": ["mars"]}],
                 "Tasks": [{"Name": "main", "Engine": {"Type": "docker", "Params": {"Image": "busybox"}}}]}""");
        ApplicationFailure f = failure(() -> cluster.run(job));
        assertThat(f.getOriginalMessage())
                .isEqualTo("no node matches the job: no node has labels matching region=mars");
        assertThat(cluster.placement.claims).isEmpty();
    }

    @Test
    void describeReturnsTheJobItsExecutionsAndHistory() {
        cluster().node("n1");
        cluster.start();
        JobWorkflow stub = cluster.startJob(Jobs.batch(1));
        WorkflowStub.fromTyped(stub).getResult(JobResult.class);
        JobDescription d = stub.describe();

        assertThat(d.state()).isEqualTo(JobStateType.COMPLETED);
        assertThat(d.job().id()).isEqualTo(TestCluster.id(stub));
        assertThat(d.job().namespace()).isEqualTo("default");
        assertThat(d.job().state().stateType()).isEqualTo(JobStateType.COMPLETED);
        assertThat(d.job().createTime()).isPositive();
        assertThat(d.executions())
                .singleElement()
                .extracting(ExecutionRecord::runOutput)
                .extracting(RunOutput::stdout)
                .isEqualTo("out-0-n1");
        assertThat(d.history())
                .extracting(JobEvent::topic)
                .contains("Submission", "StateUpdate", "Placement", "Execution");
        assertThat(d.history())
                .extracting(JobEvent::message)
                .contains(
                        "Job submitted", "Job state changed from Pending to Queued",
                        "Job state changed from Queued to Running",
                                "Job state changed from Running to Completed");
    }

    @Test
    void upsertsSearchAttributesOnEveryStateChange() {
        cluster =
                new TestCluster(
                        OrchestrationSettings.builder()
                                .nodeScheduleToStart(TestCluster.SETTINGS.nodeScheduleToStart())
                                .useSearchAttributes(true)
                                .build());
        for (String name :
                List.of(
                        "CaravelJobState",
                        "CaravelJobType",
                        "CaravelJobName",
                        "CaravelNamespace")) {
            cluster.env.registerSearchAttribute(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        }
        cluster.node("n1");
        cluster.start();
        JobWorkflow stub = cluster.startJob(Jobs.batch(1));
        WorkflowStub.fromTyped(stub).getResult(JobResult.class);

        var attributes = WorkflowStub.fromTyped(stub).describe().getTypedSearchAttributes();
        assertThat(attributes.get(SearchAttributes.JOB_STATE)).isEqualTo("Completed");
        assertThat(attributes.get(SearchAttributes.JOB_TYPE)).isEqualTo("batch");
        assertThat(attributes.get(SearchAttributes.JOB_NAMESPACE)).isEqualTo("default");
    }

    /** The application failure a job's workflow failed with. */
    private static ApplicationFailure failure(Supplier<?> run) {
        Object result;
        try {
            result = run.get();
        } catch (WorkflowFailedException e) {
            assertThat(e.getCause()).isInstanceOf(ApplicationFailure.class);
            return (ApplicationFailure) e.getCause();
        }
        throw new AssertionError("the workflow did not fail; it returned " + result);
    }
}
