package io.caravel.activities.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.TestJobs;
import io.caravel.activities.placement.NodeLedger;
import io.caravel.activities.placement.NodePolicy;
import io.caravel.activities.providers.noop.NoopEngine;
import io.caravel.activities.providers.noop.NoopPublisher;
import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.api.env.HostEnvResolver;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.ResultPath;
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
import io.temporal.failure.CanceledFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node activities end to end on Temporal's activity test environment, with the noop providers.
 */
@Timeout(60)
class NodeActivitiesImplTest {
    private static final long GIB = 1L << 30;

    @TempDir Path storage;

    private NodeActivitiesHarness harness;
    private NodeActivities activities;
    private ExecutionDirs dirs;
    private NodeLedger ledger;
    private final AtomicReference<ExecutionContext> seen = new AtomicReference<>();
    private final Map<String, Boolean> heldAtEngineRelease = new ConcurrentHashMap<>();
    private final CountDownLatch progressSeen = new CountDownLatch(1);
    private final CountDownLatch secondProgressSeen = new CountDownLatch(1);

    @BeforeEach
    void setUp() {
        dirs = new ExecutionDirs(storage);
        ledger = new NodeLedger(new Resources(4000, 8 * GIB, 0, 0), List.of());
        NodePolicy policy =
                NodePolicy.builder("n1")
                        .engines("noop", "recording")
                        .sources("text")
                        .publishers("noop")
                        .build();
        Map<String, Engine> engines =
                Map.of(
                        "noop",
                        new NoopEngine(),
                        "Recording",
                        new RecordingEngine(),
                        "progress",
                        new ProgressEngine(),
                        "failing",
                        new FailingEngine(),
                        "slowprep",
                        new SlowPreparingEngine());
        Map<String, InputSourceProvider> sources = Map.of("TEXT", new TextSource());
        HostEnvResolver hostEnv =
                new HostEnvResolver(
                        List.of("CARAVEL_TEST_*"),
                        name -> name.equals("CARAVEL_TEST_TOKEN") ? "s3cr3t" : null);
        NodeActivitiesImpl impl =
                new NodeActivitiesImpl(
                        "n1",
                        dirs,
                        policy,
                        ledger,
                        engines,
                        sources,
                        Map.of("noop", new NoopPublisher()),
                        hostEnv);
        harness = NodeActivitiesHarness.start(impl, Duration.ofSeconds(1));
        activities = harness.activities();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void noopRunWritesTheLayoutAndPublishesNothing() {
        Job job =
                TestJobs.job(
                        TestJobs.noopTask(Map.of())
                                .publisher(SpecConfig.of("noop"))
                                .resultPaths(List.of(new ResultPath("outputs", "/outputs")))
                                .build());
        ExecutionRequest request = request(job, "e-1");
        ExecutionDirs.Dirs d = dirs.of("e-1");

        activities.checkNetwork(request);
        assertThat(activities.stageInputs(request)).isEqualTo(StagedInputs.NONE);
        RunOutput output = activities.execute(request, StagedInputs.NONE);
        assertThat(d.results().resolve("exitCode")).hasContent("0");
        assertThat(d.results().resolve("stdout")).hasContent("");
        assertThat(d.results().resolve("outputs")).isDirectory();
        SpecConfig published = activities.publish(request);

        assertThat(output).isEqualTo(new RunOutput("", false, "", false, 0, ""));
        assertThat(published).isEqualTo(SpecConfig.EMPTY);
    }

    @Test
    void noopTestParamsGiveExitCodeAndOutput() {
        ExecutionRequest request =
                request(TestJobs.noopJob(Map.of("ExitCode", 123, "Stdout", "hello")), "e-1");

        RunOutput output = activities.execute(request, StagedInputs.NONE);

        assertThat(output).isEqualTo(new RunOutput("hello", false, "", false, 123, ""));
        assertThat(dirs.of("e-1").results().resolve("stdout")).hasContent("hello");
        assertThat(dirs.of("e-1").results().resolve("exitCode")).hasContent("123");
    }

    @Test
    void publishWithoutPublisherIsEmpty() {
        assertThat(activities.publish(request(TestJobs.noopJob(), "e-1")))
                .isEqualTo(SpecConfig.EMPTY);
    }

    @Test
    void engineSeesResolvedEnvSystemVariablesDirsAndDefaultNetworkAsNone() {
        Task task =
                Task.builder()
                        .name("main")
                        .engine(SpecConfig.of("recording"))
                        .env(
                                Map.of(
                                        "TOKEN",
                                        "env:CARAVEL_TEST_TOKEN",
                                        "PLAIN",
                                        "v",
                                        "BACALHAU_JOB_ID",
                                        "mine"))
                        .build();
        Job job = TestJobs.job(task).toBuilder().count(3).build();
        StagedInputs inputs =
                new StagedInputs(List.of(new StagedInput("/host/in", "/in", true, 5)));

        activities.execute(new ExecutionRequest(job, "e-7", 2, claim("e-7")), inputs);

        ExecutionContext context = seen.get();
        assertThat(context.env())
                .containsEntry("TOKEN", "s3cr3t")
                .containsEntry("PLAIN", "v")
                .containsEntry("BACALHAU_JOB_ID", "j-1")
                .containsEntry("BACALHAU_EXECUTION_ID", "e-7")
                .containsEntry("BACALHAU_JOB_TYPE", "batch")
                .containsEntry("BACALHAU_PARTITION_INDEX", "2")
                .containsEntry("BACALHAU_PARTITION_COUNT", "3");
        assertThat(context.task().network().type()).isEqualTo(NetworkType.NONE);
        assertThat(context.resultsDir()).isEqualTo(dirs.of("e-7").results());
        assertThat(context.inputs()).isEqualTo(inputs);
        assertThat(context.nodeId()).isEqualTo("n1");
        assertThat(context.partitionIndex()).isEqualTo(2);
    }

    @Test
    void hostVariableOutsideTheAllowListIsASpecErrorNotRetried() {
        Task task =
                Task.builder()
                        .name("main")
                        .engine(SpecConfig.of("recording"))
                        .env(Map.of("HOME_DIR", "env:HOME"))
                        .build();

        ApplicationFailure failure =
                failureOf(
                        () ->
                                activities.execute(
                                        request(TestJobs.job(task), "e-1"), StagedInputs.NONE));

        assertThat(failure.getType()).isEqualTo(ErrorCode.SPEC_INVALID.name());
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage())
                .contains("'HOME'", "not in allowed host variables")
                .contains("hint: ");
    }

    @Test
    void engineErrorBecomesAFailureOfItsCode() {
        Task task = Task.builder().name("main").engine(SpecConfig.of("failing")).build();

        ApplicationFailure failure =
                failureOf(
                        () ->
                                activities.execute(
                                        request(TestJobs.job(task), "e-1"), StagedInputs.NONE));

        assertThat(failure.getType()).isEqualTo("UNSUPPORTED_TYPE");
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage())
                .isEqualTo("image busybox:nope not found\nhint: check the tag");
    }

    @Test
    void unknownEngineListsTheEnginesThereAre() {
        Task task = Task.builder().name("main").engine(SpecConfig.of("Docker")).build();

        ApplicationFailure failure =
                failureOf(
                        () ->
                                activities.execute(
                                        request(TestJobs.job(task), "e-1"), StagedInputs.NONE));

        assertThat(failure.getType()).isEqualTo("UNSUPPORTED_TYPE");
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage())
                .isEqualTo(
                        "engine type docker is not available on node n1; available: failing, noop, progress,"
                                + " recording, slowprep");
    }

    @Test
    void networkModeTheNodeRefusesFailsWithoutRetry() {
        Task task =
                TestJobs.noopTask(Map.of())
                        .network(
                                new NetworkConfig(
                                        NetworkType.HTTP, List.of("example.com"), List.of()))
                        .build();

        ApplicationFailure failure =
                failureOf(() -> activities.checkNetwork(request(TestJobs.job(task), "e-1")));

        assertThat(failure.getType()).isEqualTo(ErrorCode.NETWORK_REFUSED.name());
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage())
                .startsWith(
                        "network mode HTTP is not accepted by node n1; it accepts: Default, None");
    }

    @Test
    void anExecuteThatPreparesStagesTheInputsItselfAndRunsOnThem() {
        Task task =
                Task.builder()
                        .name("main")
                        .engine(SpecConfig.of("recording"))
                        .inputSources(
                                List.of(
                                        new InputSource(
                                                SpecConfig.of("text", Map.of("Text", "one")),
                                                "",
                                                "/in/a")))
                        .build();
        ExecutionRequest request =
                new ExecutionRequest(TestJobs.job(task), "e-1", 0, claim("e-1"), false, true);

        activities.execute(request, StagedInputs.NONE);

        Path inputs = dirs.of("e-1").inputs();
        assertThat(seen.get().inputs().inputs())
                .containsExactly(
                        new StagedInput(inputs.resolve("0/data").toString(), "/in/a", true, 3));
        assertThat(inputs.resolve("0/data")).hasContent("one");
    }

    @Test
    void anExecuteThatPreparesRefusesANetworkModeTheNodeRefusesBeforeTheRun() {
        Task task =
                Task.builder()
                        .name("main")
                        .engine(SpecConfig.of("recording"))
                        .network(
                                new NetworkConfig(
                                        NetworkType.HTTP, List.of("example.com"), List.of()))
                        .build();
        ExecutionRequest request =
                new ExecutionRequest(TestJobs.job(task), "e-1", 0, claim("e-1"), false, true);

        ApplicationFailure failure =
                failureOf(() -> activities.execute(request, StagedInputs.NONE));

        assertThat(failure.getType()).isEqualTo(ErrorCode.NETWORK_REFUSED.name());
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage())
                .startsWith("network mode HTTP is not accepted by node n1");
        assertThat(seen.get()).isNull();
    }

    @Test
    void stagesEveryInputIntoItsOwnDirectoryAndHeartbeatsProgress() throws Exception {
        List<String> details = new CopyOnWriteArrayList<>();
        harness.env().setActivityHeartbeatListener(String.class, details::add);
        Task task =
                TestJobs.noopTask(Map.of())
                        .inputSources(
                                List.of(
                                        new InputSource(
                                                SpecConfig.of("text", Map.of("Text", "one")),
                                                "",
                                                "/in/a"),
                                        new InputSource(
                                                SpecConfig.of("Text", Map.of("Text", "two")),
                                                "",
                                                "/in/b")))
                        .build();

        StagedInputs staged = activities.stageInputs(request(TestJobs.job(task), "e-1"));

        Path inputs = dirs.of("e-1").inputs();
        assertThat(staged.inputs())
                .containsExactly(
                        new StagedInput(inputs.resolve("0/data").toString(), "/in/a", true, 3),
                        new StagedInput(inputs.resolve("1/data").toString(), "/in/b", true, 3));
        assertThat(inputs.resolve("1/data")).hasContent("two");
        assertThat(details)
                .isNotEmpty()
                .allMatch(
                        d ->
                                d.matches(
                                        "(staging 2 inputs|staged [12] of 2 inputs, \\d+ B) \\[\\d+s]"));
    }

    @Test
    void inputOfAnUnknownTypeFailsBeforeAnythingIsStaged() {
        Task task =
                TestJobs.noopTask(Map.of())
                        .inputSources(
                                List.of(
                                        new InputSource(
                                                SpecConfig.of("text", Map.of("Text", "one")),
                                                "",
                                                "/in/a"),
                                        new InputSource(
                                                SpecConfig.of("ipfs", Map.of("CID", "Qm")),
                                                "",
                                                "/in/b")))
                        .build();

        ApplicationFailure failure =
                failureOf(() -> activities.stageInputs(request(TestJobs.job(task), "e-1")));

        assertThat(failure.getType()).isEqualTo("UNSUPPORTED_TYPE");
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage())
                .isEqualTo(
                        "input source type ipfs is not available on node n1;" + " available: text");
        assertThat(dirs.of("e-1").root()).doesNotExist();
    }

    @Test
    void heartbeatDetailsCarryTheEnginesProgress() {
        List<String> details = new CopyOnWriteArrayList<>();
        harness.env()
                .setActivityHeartbeatListener(
                        String.class,
                        d -> {
                            details.add(d);
                            if (d.startsWith("pulling layer 1 of 2")) {
                                progressSeen.countDown();
                            }
                            if (d.startsWith("pulling layer 2 of 2")) {
                                secondProgressSeen.countDown();
                            }
                        });
        Task task = Task.builder().name("main").engine(SpecConfig.of("progress")).build();

        activities.execute(request(TestJobs.job(task), "e-1"), StagedInputs.NONE);

        assertThat(details)
                .allMatch(
                        d ->
                                d.matches(
                                        "(preparing progress engine|running progress engine|pulling layer 1 of 2|pulling layer 2 of 2)"
                                                + " \\[\\d+s]"));
        int first = indexOfPrefix(details, "pulling layer 1 of 2");
        int second = indexOfPrefix(details, "pulling layer 2 of 2");
        assertThat(first).isNotNegative().isLessThan(second);
    }

    @Test
    void cancellationStopsASleepingEnginePromptly() {
        harness.env()
                .setActivityHeartbeatListener(
                        String.class,
                        d -> {
                            if (d.startsWith("noop: sleeping")) {
                                harness.env().requestCancelActivity();
                            }
                        });
        // Without cancellation this run would sleep for ten minutes, past the class's hang guard.
        ExecutionRequest request = request(TestJobs.noopJob(Map.of("Sleep", 600)), "e-1");

        // The activity returns only once the engine has: the sleep ended early.
        assertThatThrownBy(() -> activities.execute(request, StagedInputs.NONE))
                .isInstanceOf(CanceledFailure.class);
        assertThat(dirs.of("e-1").results().resolve("exitCode")).doesNotExist();
    }

    @Test
    void executionTimeoutOfTheTaskStopsTheEngine() {
        Task task =
                TestJobs.noopTask(Map.of("Sleep", 600))
                        .timeouts(new TimeoutConfig(1, 0, 0))
                        .build();

        ApplicationFailure failure =
                failureOf(
                        () ->
                                activities.execute(
                                        request(TestJobs.job(task), "e-1"), StagedInputs.NONE));

        assertThat(failure.getType()).isEqualTo(ErrorCode.EXECUTION_TIMEOUT.name());
        assertThat(failure.isNonRetryable()).isFalse();
        assertThat(failure.getOriginalMessage()).isEqualTo("Execution timed out after 1s");
    }

    @Test
    void engineIsPreparedBeforeTheExecutionDeadlineStarts() {
        // Preparing takes twice the execution timeout; only the run itself is timed.
        Task task =
                Task.builder()
                        .name("main")
                        .engine(SpecConfig.of("slowprep"))
                        .timeouts(new TimeoutConfig(1, 0, 0))
                        .build();

        RunOutput output =
                activities.execute(request(TestJobs.job(task), "e-1"), StagedInputs.NONE);

        assertThat(output.exitCode()).isEqualTo(0);
        assertThat(output.stdout()).isEqualTo("prepared");
    }

    @Test
    void releaseFreesTheReservationAndTheDirectoriesAndMayRunTwice() {
        ledger.tryReserve("e-1", new Resources(1000, GIB, 0, 0));
        ExecutionRequest request = request(TestJobs.noopJob(), "e-1");
        activities.execute(request, StagedInputs.NONE);
        assertThat(dirs.of("e-1").root()).isDirectory();

        activities.release(claim("e-1"));
        activities.release(claim("e-1"));

        assertThat(ledger.reservationCount()).isZero();
        assertThat(dirs.of("e-1").root()).doesNotExist();
    }

    @Test
    void withoutAPublisherExecuteIsTheLastStepAndFreesTheReservationWhenAsked() {
        ledger.tryReserve("e-1", new Resources(1000, GIB, 0, 0));
        Job job = TestJobs.noopJob(Map.of("Stdout", "done"));

        RunOutput output =
                activities.execute(
                        new ExecutionRequest(job, "e-1", 0, claim("e-1"), true), StagedInputs.NONE);

        assertThat(output.stdout()).isEqualTo("done");
        assertThat(ledger.reservationCount()).isZero();
        assertThat(dirs.of("e-1").root()).doesNotExist();
    }

    @Test
    void theLastStepGivesTheRoomBackBeforeTheEngineCleansUpButTheReleaseActivityAfter() {
        Job job =
                TestJobs.job(
                        TestJobs.noopTask(Map.of()).engine(SpecConfig.of("recording")).build());
        ledger.tryReserve("e-1", new Resources(1000, GIB, 0, 0));
        activities.execute(
                new ExecutionRequest(job, "e-1", 0, claim("e-1"), true), StagedInputs.NONE);
        ledger.tryReserve("e-2", new Resources(1000, GIB, 0, 0));
        activities.execute(request(job, "e-2"), StagedInputs.NONE);
        activities.release(claim("e-2"));

        // The work of e-1 had ended: the next claim need not wait for its clean-up. A Release may
        // come while the work still runs: it is removed before its room is given back.
        assertThat(heldAtEngineRelease).containsEntry("e-1", false).containsEntry("e-2", true);
        assertThat(ledger.reservationCount()).isZero();
    }

    @Test
    void withAPublisherPublishIsTheLastStepAndFreesTheReservationWhenAsked() {
        ledger.tryReserve("e-1", new Resources(1000, GIB, 0, 0));
        Job job =
                TestJobs.job(TestJobs.noopTask(Map.of()).publisher(SpecConfig.of("noop")).build());
        ExecutionRequest request = new ExecutionRequest(job, "e-1", 0, claim("e-1"), true);

        activities.execute(request, StagedInputs.NONE);
        assertThat(ledger.reservationCount()).isOne();
        assertThat(dirs.of("e-1").results()).isDirectory();
        activities.publish(request);

        assertThat(ledger.reservationCount()).isZero();
        assertThat(dirs.of("e-1").root()).doesNotExist();
    }

    @Test
    void retriedExecutionStartsFromAnEmptyResultsDirectory() throws Exception {
        ExecutionRequest request = request(TestJobs.noopJob(), "e-1");
        Path stale = Files.writeString(dirs.create("e-1").results().resolve("stale"), "old");

        activities.execute(request, StagedInputs.NONE);

        assertThat(stale).doesNotExist();
        assertThat(dirs.of("e-1").results().resolve("exitCode")).exists();
    }

    private static int indexOfPrefix(List<String> list, String prefix) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static ApplicationFailure failureOf(Runnable call) {
        try {
            call.run();
        } catch (ActivityFailure e) {
            return (ApplicationFailure) e.getCause();
        }
        throw new AssertionError("the activity did not fail");
    }

    private static ExecutionRequest request(Job job, String executionId) {
        return new ExecutionRequest(job, executionId, 0, claim(executionId));
    }

    private static NodeClaim claim(String executionId) {
        return new NodeClaim("n1", "caravel-node-n1", executionId, List.of());
    }

    /** Keeps the context it is given. */
    private final class RecordingEngine implements Engine {
        @Override
        public String type() {
            return "recording";
        }

        @Override
        public RunOutput run(ExecutionContext execution) {
            seen.set(execution);
            return new RunOutput("", false, "", false, 0, "");
        }

        @Override
        public void release(String executionId) {
            heldAtEngineRelease.put(executionId, ledger.reservation(executionId).isPresent());
        }
    }

    /** Reports two progress lines, each waiting until a heartbeat has carried it. */
    private final class ProgressEngine implements Engine {
        @Override
        public String type() {
            return "progress";
        }

        @Override
        public RunOutput run(ExecutionContext execution) throws InterruptedException {
            execution.progress().report("pulling layer 1 of 2");
            assertThat(progressSeen.await(30, TimeUnit.SECONDS)).isTrue();
            execution.progress().report("pulling layer 2 of 2");
            assertThat(secondProgressSeen.await(30, TimeUnit.SECONDS)).isTrue();
            return new RunOutput("", false, "", false, 0, "");
        }
    }

    /** Takes two seconds to prepare (as an image pull may), then runs at once. */
    private static final class SlowPreparingEngine implements Engine {
        private volatile boolean prepared;

        @Override
        public String type() {
            return "slowprep";
        }

        @Override
        public void prepare(ExecutionContext execution) throws InterruptedException {
            Thread.sleep(2_000);
            prepared = true;
        }

        @Override
        public RunOutput run(ExecutionContext execution) {
            return new RunOutput(prepared ? "prepared" : "", false, "", false, 0, "");
        }
    }

    /** Fails as an engine does when its image is missing. */
    private static final class FailingEngine implements Engine {
        @Override
        public String type() {
            return "failing";
        }

        @Override
        public RunOutput run(ExecutionContext execution) {
            throw new CaravelException(
                    ErrorCode.UNSUPPORTED_TYPE, "image busybox:nope not found", "check the tag");
        }
    }

    /**
     * A test double for an input source (the real ones are tested against real services in their
     * own classes): writes its {@code Text} param to a file named {@code data}.
     */
    private static final class TextSource implements InputSourceProvider {
        @Override
        public String type() {
            return "text";
        }

        @Override
        public StagedInput stage(InputSource source, Path scratchDir, ExecutionContext execution) {
            try {
                byte[] bytes =
                        String.valueOf(source.source().params().get("Text"))
                                .getBytes(StandardCharsets.UTF_8);
                Path file = Files.write(scratchDir.resolve("data"), bytes);
                return new StagedInput(file.toString(), source.target(), true, bytes.length);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
