package io.caravel.activities.providers.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.files.FileTrees;
import io.caravel.activities.node.DiskLimit;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.RunOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Resources.Disk} is a limit on docker (issue 14): a container that writes past it, to its
 * result paths or its own file system, is killed and the execution fails; the node's storage holds
 * little more than the limit meanwhile. Real daemon, the local busybox test image.
 */
@Tag("security")
@Timeout(180)
class DockerDiskLimitTest {
    /**
     * Writes {@code $1} MiB to {@code $2}, 1 MiB at a time, 20 ms apart (about 50 MiB/s), saying
     * how far it got.
     */
    private static final String WRITE_SLOWLY =
            "i=0; while [ $i -lt $1 ]; do dd if=/dev/zero bs=1048576 count=1"
                    + " 2>/dev/null >> $2 || exit 9; i=$((i+1)); sleep 0.02; done; echo wrote $i MiB";

    @TempDir Path tmp;

    private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
    private final DockerEngine engine =
            new DockerEngine(
                    DockerClients.lazy(DockerClients.DEFAULT_HOST),
                    ImagePulls.DEFAULT,
                    new DiskLimit.Settings(20_000_000, Duration.ofMillis(500)));

    @BeforeAll
    static void imageIsThere() {
        DockerEngineTest.dockerClient().inspectImageCmd(DockerRun.IMAGE).exec();
    }

    @AfterAll
    static void releaseRuns() {
        DockerRun.releaseAll();
    }

    private DockerRun run() {
        return new DockerRun(tmp, "e-disk-" + UUID.randomUUID()).node(node);
    }

    private static DockerRun writing(DockerRun run, int mebibytes, String file) {
        return run.param("Entrypoint", java.util.List.of("/bin/sh", "-c"))
                .param(
                        "Parameters",
                        java.util.List.of(WRITE_SLOWLY, "sh", Integer.toString(mebibytes), file));
    }

    @Test
    void writingPastTheDiskLimitToAResultPathKillsTheContainerAndFailsTheExecution()
            throws Exception {
        DockerRun run =
                writing(run().disk("50MB").result("outputs", "/outputs"), 200, "/outputs/big");
        AtomicLong peak = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler =
                new Thread(
                        () -> {
                            while (!done.get()) {
                                peak.accumulateAndGet(
                                        FileTrees.regularFileBytesSoFar(run.executionDir()),
                                        Math::max);
                                sleep(50);
                            }
                        });
        sampler.start();
        try {
            assertThatThrownBy(() -> engine.run(run.context()))
                    .isInstanceOfSatisfying(
                            CaravelException.class,
                            e -> {
                                assertThat(e.code()).isEqualTo(ErrorCode.EXECUTION_FAILED);
                                assertThat(e.retryable()).isFalse();
                                assertThat(e.getMessage())
                                        .isEqualTo(
                                                "disk limit exceeded: the task wrote more than 50MB (Resources.Disk)");
                            });
        } finally {
            done.set(true);
            sampler.join();
        }
        // Killed well before it wrote its 200 MiB: the limit plus a few watch intervals' writes,
        // with slack.
        assertThat(peak.get())
                .as("peak bytes under the execution directory")
                .isGreaterThan(0)
                .isLessThan(130L << 20);
        assertThat(run.results().resolve("stdout")).content().doesNotContain("wrote 200 MiB");
        assertThat(run.results().resolve("outputs")).doesNotExist();
        assertThat(FileTrees.regularFileBytesSoFar(run.executionDir()))
                .as("what is left of its writes")
                .isLessThan(1L << 20);
        // An attempt that answers again (its worker restarted) re-attaches to the killed container
        // and says the same.
        assertThatThrownBy(() -> engine.run(run.context()))
                .hasMessage("disk limit exceeded: the task wrote more than 50MB (Resources.Disk)");
        assertThat(DockerEngineTest.containersOf(run)).isEqualTo(1);
        engine.release(run.executionId());
        assertThat(DockerEngineTest.containersOf(run)).isZero();
    }

    @Test
    void writingPastTheDiskLimitToTheContainersOwnFileSystemFailsToo() throws Exception {
        DockerRun run = writing(run().disk("30MB"), 200, "/tmp/scratch");

        assertThatThrownBy(() -> engine.run(run.context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e ->
                                assertThat(e.getMessage())
                                        .isEqualTo(
                                                "disk limit exceeded: the task wrote more than 30MB (Resources.Disk)"));
        assertThat(run.results().resolve("stdout")).content().doesNotContain("wrote 200 MiB");
    }

    @Test
    void aTaskWithinItsDiskLimitCompletes() throws Exception {
        DockerRun run =
                writing(run().disk("50MB").result("outputs", "/outputs"), 10, "/outputs/small");

        RunOutput output = engine.run(run.context());

        assertThat(output.exitCode()).isZero();
        assertThat(output.stdout()).isEqualTo("wrote 10 MiB\n");
        assertThat(run.results().resolve("outputs/small")).hasSize(10L << 20);
    }

    @Test
    void aWriteThatEndsBetweenTwoChecksIsCaughtAtTheEnd() throws Exception {
        // One quick write and an exit, long before the first watch: the check at the end sees it.
        DockerRun run =
                run().disk("1MB")
                        .result("outputs", "/outputs")
                        .shell(
                                "dd if=/dev/zero of=/outputs/quick bs=1048576 count=3 2>/dev/null; echo done");

        assertThatThrownBy(() -> engine.run(run.context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e ->
                                assertThat(e.getMessage())
                                        .isEqualTo(
                                                "disk limit exceeded: the task wrote more than 1MB (Resources.Disk)"));
        assertThat(run.results().resolve("stdout")).hasContent("done\n");
        assertThatThrownBy(() -> engine.run(run.context()))
                .hasMessage("disk limit exceeded: the task wrote more than 1MB (Resources.Disk)");
    }

    @Test
    void theStagedInputsCountAgainstTheDiskRequest() throws Exception {
        Path in = Files.write(tmp.resolve("in.bin"), new byte[1000]);
        DockerRun run =
                run().disk("3MB")
                        .input(in, "/in.bin", "inline", true, 2_000_000)
                        .result("outputs", "/outputs")
                        .shell("dd if=/dev/zero of=/outputs/x bs=1000000 count=2 2>/dev/null");

        assertThatThrownBy(() -> engine.run(run.context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e ->
                                assertThat(e.getMessage())
                                        .isEqualTo(
                                                "disk limit exceeded: the task wrote more than 976.56 KiB"
                                                        + " (Resources.Disk 3MB, less the 1.91 MiB of its staged inputs)"));
    }

    @Test
    void aTaskWithoutADiskRequestIsLimitedByTheNodesDefault() throws Exception {
        DockerRun run = writing(run().result("outputs", "/outputs"), 60, "/outputs/big");

        assertThatThrownBy(() -> engine.run(run.context()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e ->
                                assertThat(e.getMessage())
                                        .isEqualTo(
                                                "disk limit exceeded: the task wrote more than 19.07 MiB"
                                                        + " (the node's defaultTaskDisk: the task sets no Resources.Disk)"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
