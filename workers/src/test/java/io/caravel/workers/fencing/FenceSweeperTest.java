package io.caravel.workers.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.node.ExecutionDirs;
import io.caravel.activities.node.NodeActivitiesImpl;
import io.caravel.activities.placement.NodeLedger;
import io.caravel.activities.placement.NodePolicy;
import io.caravel.activities.providers.noop.NoopEngine;
import io.caravel.api.env.HostEnvResolver;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.PortMapping;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.quantity.Resources;
import io.caravel.api.spec.JobSpecWriter;
import io.caravel.api.spec.JobSpecs;
import io.caravel.workflows.CaravelDataConverter;
import io.caravel.workflows.JobChunkWorkflow;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.JobWorkflowImpl;
import io.caravel.workflows.NodeRegistryWorkflowImpl;
import io.caravel.workflows.OrchestrationSettings;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.activities.ClaimRequest;
import io.caravel.workflows.activities.ExecutionRequest;
import io.caravel.workflows.activities.NodeActivities;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.PlacementActivities;
import io.caravel.workflows.activities.RegistryActivities;
import io.caravel.workflows.activities.StagedInputs;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.NodeInfo;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the fence sweep removes from a node: what it holds of executions whose job ended or never
 * existed, never what a running job still counts as live. The node's steps are the real ones; the
 * job's nodes are stand-ins that hold its one execution Running until the test lets go.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FenceSweeperTest {
    @TempDir Path storage;

    private TestWorkflowEnvironment env;
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch running = new CountDownLatch(1);

    @BeforeEach
    void start() {
        env =
                TestWorkflowEnvironment.newInstance(
                        TestEnvironmentOptions.newBuilder()
                                .setUseTimeskipping(false)
                                .setWorkflowClientOptions(
                                        WorkflowClientOptions.newBuilder()
                                                .setDataConverter(CaravelDataConverter.get())
                                                .build())
                                .build());
        Worker main = env.newWorker(TaskQueues.DEFAULT);
        // One partition per chunk: a Count 2 job runs in two chunks.
        OrchestrationSettings settings =
                OrchestrationSettings.builder().partitionsPerChunk(1).build();
        JobWorkflowImpl.register(main, settings);
        NodeRegistryWorkflowImpl.register(main, settings);
        Resources capacity = new Resources(4_000, 8L << 30, 10L << 30, 0);
        NodeInfo standIn =
                new NodeInfo(
                        "stand-in",
                        TaskQueues.node("stand-in"),
                        capacity,
                        capacity,
                        Map.of(),
                        Set.of("noop"),
                        Set.of(),
                        Set.of("noop"),
                        Set.of(NetworkType.NONE),
                        List.of(),
                        "",
                        System.currentTimeMillis());
        main.registerActivitiesImplementations((RegistryActivities) () -> List.of(standIn));
        env.newWorker(TaskQueues.PLACEMENT_CPU)
                .registerActivitiesImplementations((PlacementActivities) this::claim);
        env.newWorker(TaskQueues.node("stand-in"))
                .registerActivitiesImplementations(new HoldingNode());
        env.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        env.close();
    }

    @Test
    void whatAnEndedOrUnknownJobLeftIsFencedWhatALiveExecutionHoldsIsKept() throws Exception {
        WorkflowStub live = submit();
        assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
        String liveExecution =
                live.query("describe", JobDescription.class).executions().stream()
                        .filter(e -> e.state() == ExecutionStateType.RUNNING)
                        .map(ExecutionRecord::id)
                        .findFirst()
                        .orElseThrow();

        ExecutionDirs dirs = new ExecutionDirs(storage);
        dirs.create(liveExecution, live.getExecution().getWorkflowId());
        dirs.create("e-of-a-job-that-never-was", "j-never-was");
        dirs.create("e-without-a-job");
        NodeActivitiesImpl node =
                new NodeActivitiesImpl(
                        "node-1",
                        dirs,
                        NodePolicy.builder("node-1").engines("noop").build(),
                        new NodeLedger(new Resources(1_000, 1L << 30, 0, 0), List.of()),
                        Map.of("noop", new NoopEngine()),
                        Map.of(),
                        Map.of(),
                        new HostEnvResolver(List.of(), name -> null));
        FenceSweeper sweeper =
                new FenceSweeper(node, new ExecutionStanding(env.getWorkflowClient()));

        assertThat(sweeper.sweep()).isEqualTo(1);
        assertThat(dirs.existing()).containsExactlyInAnyOrder(liveExecution, "e-without-a-job");

        live.terminate("the job ended");
        assertThat(sweeper.sweep()).isEqualTo(1);
        assertThat(dirs.existing()).containsExactly("e-without-a-job");
        node.close();
    }

    @Test
    void whatAnExecutionUnknownToARunningServiceLeftIsFenced() throws Exception {
        WorkflowStub service = submit("service", 1);
        assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
        String liveExecution =
                service.query("describe", JobDescription.class).executions().stream()
                        .filter(e -> e.state() == ExecutionStateType.RUNNING)
                        .map(ExecutionRecord::id)
                        .findFirst()
                        .orElseThrow();
        String jobId = service.getExecution().getWorkflowId();

        ExecutionDirs dirs = new ExecutionDirs(storage);
        dirs.create(liveExecution, jobId);
        // An execution the job dropped from what it carries over a continue-as-new: it had ended.
        dirs.create("e-ended-before-a-continue-as-new", jobId);
        NodeActivitiesImpl node =
                new NodeActivitiesImpl(
                        "node-1",
                        dirs,
                        NodePolicy.builder("node-1").engines("noop").build(),
                        new NodeLedger(new Resources(1_000, 1L << 30, 0, 0), List.of()),
                        Map.of("noop", new NoopEngine()),
                        Map.of(),
                        Map.of(),
                        new HostEnvResolver(List.of(), name -> null));

        assertThat(new FenceSweeper(node, new ExecutionStanding(env.getWorkflowClient())).sweep())
                .isEqualTo(1);
        assertThat(dirs.existing()).containsExactly(liveExecution);
        node.close();
    }

    @Test
    void anExecutionOfAChunkIsKeptWhileItsChunkCountsItLiveAndFencedOnceTheChunkEnded()
            throws Exception {
        WorkflowStub job = submit("batch", 2);
        assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
        String chunk = job.getExecution().getWorkflowId() + "-chunk-0";
        String execution = "";
        for (int i = 0; i < 100 && execution.isEmpty(); i++) {
            execution =
                    env
                            .getWorkflowClient()
                            .newWorkflowStub(JobChunkWorkflow.class, chunk)
                            .executions(0, 10)
                            .items()
                            .stream()
                            .filter(e -> e.state() == ExecutionStateType.RUNNING)
                            .map(ExecutionRecord::id)
                            .findFirst()
                            .orElse("");
            Thread.sleep(100);
        }
        assertThat(execution).startsWith("e-");
        ExecutionStanding standing = new ExecutionStanding(env.getWorkflowClient());
        String jobId = job.getExecution().getWorkflowId();

        assertThat(standing.of(jobId, execution)).isEqualTo(ExecutionStanding.Standing.LIVE);
        assertThat(standing.of(jobId, "e-no-chunk-holds"))
                .isEqualTo(ExecutionStanding.Standing.UNKNOWN);
        env.getWorkflowClient().newUntypedWorkflowStub(chunk).terminate("the chunk ended");
        assertThat(standing.of(jobId, execution)).isEqualTo(ExecutionStanding.Standing.SUPERSEDED);
    }

    private WorkflowStub submit() {
        return submit("batch", 1);
    }

    private WorkflowStub submit(String type, int count) {
        JobWorkflow stub =
                env.getWorkflowClient()
                        .newWorkflowStub(
                                JobWorkflow.class,
                                WorkflowOptions.newBuilder()
                                        .setWorkflowId(JobSpecs.newJobId())
                                        .setTaskQueue(TaskQueues.DEFAULT)
                                        .build());
        WorkflowClient.start(
                stub::run,
                JobSpecWriter.toTree(
                        JobSpecs.parseSpecFile(
                                        """
                Type: %s
                Count: %d
                Tasks:
                  - Name: main
                    Engine:
                      Type: noop
                """
                                                .formatted(type, count))
                                .job()));
        return WorkflowStub.fromTyped(stub);
    }

    private NodeClaim claim(ClaimRequest request) {
        return new NodeClaim(
                "stand-in", TaskQueues.node("stand-in"), request.executionId(), List.of());
    }

    /** Holds the execution Running (heartbeating) until the test lets go. */
    private final class HoldingNode implements NodeActivities {
        @Override
        public List<PortMapping> checkNetwork(ExecutionRequest request) {
            return List.of();
        }

        @Override
        public StagedInputs stageInputs(ExecutionRequest request) {
            return StagedInputs.NONE;
        }

        @Override
        public RunOutput execute(ExecutionRequest request, StagedInputs inputs) {
            running.countDown();
            try {
                while (!release.await(200, TimeUnit.MILLISECONDS)) {
                    Activity.getExecutionContext().heartbeat("running");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new RunOutput("", false, "", false, 0, "");
        }

        @Override
        public SpecConfig publish(ExecutionRequest request) {
            return SpecConfig.EMPTY;
        }

        @Override
        public void release(NodeClaim claim) {}
    }
}
