package io.caravel.activities.providers.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.node.ExecutionDirs;
import io.caravel.activities.node.NodeActivitiesHarness;
import io.caravel.activities.node.NodeActivitiesImpl;
import io.caravel.activities.placement.NodeLedger;
import io.caravel.activities.placement.NodePolicy;
import io.caravel.api.env.HostEnvResolver;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.Job;
import io.caravel.api.model.ResourcesConfig;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.api.model.TimeoutConfig;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.activities.ExecutionRequest;
import io.caravel.workflows.activities.NodeActivities;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.StagedInputs;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wasm engine behind the node's activities: the execution variables, and the task's execution
 * timeout.
 */
@Timeout(60)
class WasmThroughNodeActivitiesTest {
    @TempDir Path storage;

    private NodeActivitiesHarness harness;
    private NodeActivities activities;

    @BeforeEach
    void setUp() {
        NodeActivitiesImpl impl =
                new NodeActivitiesImpl(
                        "n1",
                        new ExecutionDirs(storage),
                        NodePolicy.builder("n1").engines("wasm").build(),
                        new NodeLedger(new Resources(4000, 8L << 30, 0, 0), List.of()),
                        Map.of("wasm", new WasmEngine()),
                        Map.of(),
                        Map.of(),
                        new HostEnvResolver(List.of(), name -> null));
        harness = NodeActivitiesHarness.start(impl, Duration.ofSeconds(5));
        activities = harness.activities();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void theModuleSeesTheExecutionVariablesWhichTheTaskCannotOverride() throws Exception {
        Task task = task("sysenv").env(Map.of("BACALHAU_JOB_TYPE", "mine", "PLAIN", "v")).build();
        Job job = job(task).toBuilder().count(3).build();

        RunOutput out =
                activities.execute(
                        new ExecutionRequest(job, "e-7", 2, claim("e-7")), inputs("sysenv"));

        assertThat(out.stdout().lines())
                .contains(
                        "BACALHAU_EXECUTION_ID=e-7",
                        "BACALHAU_JOB_ID=j-1",
                        "BACALHAU_JOB_TYPE=batch",
                        "BACALHAU_PARTITION_COUNT=3",
                        "BACALHAU_PARTITION_INDEX=2");
        assertThat(out.exitCode()).isEqualTo(WasmEngine.NORMAL_RETURN_EXIT_CODE);
    }

    @Test
    void theTasksExecutionTimeoutStopsAnInfiniteLoop() throws Exception {
        Task task = task("loop").timeouts(new TimeoutConfig(1, 0, 0)).build();

        ApplicationFailure failure = null;
        try {
            activities.execute(
                    new ExecutionRequest(job(task), "e-1", 0, claim("e-1")), inputs("loop"));
        } catch (ActivityFailure e) {
            failure = (ApplicationFailure) e.getCause();
        }

        assertThat(failure).as("the activity failed").isNotNull();
        assertThat(failure.getType()).isEqualTo(ErrorCode.EXECUTION_TIMEOUT.name());
        assertThat(failure.getOriginalMessage()).isEqualTo("Execution timed out after 1s");
    }

    private static Task.Builder task(String program) {
        return Task.builder()
                .name("main")
                .engine(SpecConfig.of("wasm", Map.of("EntryModule", "/app/" + program + ".wasm")))
                .resources(new ResourcesConfig("500m", "64Mi", "", ""));
    }

    private static Job job(Task task) {
        return Job.builder()
                .id("j-1")
                .name("wasm")
                .namespace("default")
                .type("batch")
                .count(1)
                .task(task)
                .build();
    }

    private static StagedInputs inputs(String program) throws Exception {
        Path module =
                Path.of(
                        WasmThroughNodeActivitiesTest.class
                                .getResource("/wasm/" + program + ".wasm")
                                .toURI());
        return new StagedInputs(
                List.of(new StagedInput(module.toString(), "/app/" + program + ".wasm", true, 0)));
    }

    private static NodeClaim claim(String executionId) {
        return new NodeClaim("n1", "caravel-node-n1", executionId, List.of());
    }
}
