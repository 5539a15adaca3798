package io.caravel.cli.faults;

import io.caravel.workflows.model.JobResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code kill -9} (or SIGTERM) of a worker running several jobs while a second worker is up, the
 * first not restarted: every job runs again on the second worker within the node grace period plus
 * 15 s and completes there. Then the dead node comes back: it fences its superseded executions, so
 * their containers and execution directories are gone within a bounded time. While the node is dead
 * its containers keep running beside the new ones (nothing can stop them), so "never two at once"
 * is recorded here, not asserted.
 */
@Tag(FaultCases.TAG)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class LostNodeTest {
    private static final TickJob JOB = new TickJob(70);
    private static final int JOBS = 5;
    private static final Duration FENCING_BOUND = Duration.ofSeconds(30);

    /**
     * How the first worker goes away. A stopped worker leaves its containers running, as a killed
     * one does.
     */
    enum Loss {
        KILL9("kill -9") {
            @Override
            void apply(WorkerProc worker) {
                worker.kill9();
            }
        },
        SIGTERM("SIGTERM") {
            @Override
            void apply(WorkerProc worker) {
                worker.sigterm();
                if (!worker.awaitExit(Duration.ofSeconds(40))) {
                    worker.kill9();
                }
            }
        };

        final String label;

        Loss(String label) {
            this.label = label;
        }

        abstract void apply(WorkerProc worker);
    }

    @ParameterizedTest
    @EnumSource(Loss.class)
    void theLostNodesJobsMoveAndItsContainersAreFencedWhenItReturns(Loss loss) {
        String faultCase =
                loss.label + " worker with " + JOBS + " jobs, second worker up, not restarted";
        try (FaultScene scene =
                FaultScene.open("lost-" + loss.name().toLowerCase(java.util.Locale.ROOT))) {
            ContainerLedger ledger = scene.watch();
            WorkerProc lost = scene.worker("a", FaultCases.NODE_GRACE_PERIOD);
            List<String> jobs = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                jobs.add(scene.submit(JOB, "lost-node-" + i));
            }
            for (String job : jobs) {
                ledger.awaitStart(job, Duration.ofSeconds(120));
            }
            WorkerProc survivor = scene.worker("b", FaultCases.NODE_GRACE_PERIOD);
            Await.sleep(Duration.ofSeconds(2));

            Instant killed = Instant.now();
            loss.apply(lost);
            Duration goal = FaultCases.NODE_GRACE_PERIOD.plus(FaultCases.REPLACEMENT_SLACK);
            SoftAssertions soft = new SoftAssertions();
            Await.tryUntil(
                    goal.plusSeconds(90),
                    () ->
                            jobs.stream()
                                    .allMatch(
                                            job ->
                                                    ledger.firstStart(job, survivor.nodeId())
                                                            .isPresent()));
            List<Duration> moves = new ArrayList<>();
            for (String job : jobs) {
                Optional<ContainerLedger.Start> moved = ledger.firstStart(job, survivor.nodeId());
                soft.assertThat(moved)
                        .as(
                                "a container of job %s started on %s within %s s of the kill (%s)",
                                job,
                                survivor.nodeId(),
                                goal.plusSeconds(90).toSeconds(),
                                ledger.account(job))
                        .isPresent();
                moved.ifPresent(s -> moves.add(Duration.between(killed, s.at())));
            }
            soft.assertThat(
                            moves.stream()
                                    .filter(d -> d.compareTo(goal) > 0)
                                    .map(d -> d.toMillis() / 1000.0 + " s")
                                    .toList())
                    .as(
                            "times from the kill to a job's container running on the other node that exceed"
                                    + " the goal of node grace period %s s + %s s",
                            FaultCases.NODE_GRACE_PERIOD.toSeconds(),
                            FaultCases.REPLACEMENT_SLACK.toSeconds())
                    .isEmpty();

            Instant restarted = Instant.now();
            lost.restart();
            lost.awaitRegistered(scene.jobs());
            boolean fenced =
                    Await.tryUntil(FENCING_BOUND, () -> fencedAway(lost, scene.dockerd().cli()));
            Instant fencedAt = Instant.now();
            soft.assertThat(Leftovers.containersOfNode(scene.dockerd().cli(), lost.nodeId()))
                    .as(
                            "containers of the lost node %s %s s after it came back",
                            lost.nodeId(), FENCING_BOUND.toSeconds())
                    .isEmpty();
            soft.assertThat(Leftovers.executionDirs(List.of(lost.storageDir())))
                    .as(
                            "execution directories of the lost node %s s after it came back",
                            FENCING_BOUND.toSeconds())
                    .isEmpty();

            List<JobResult> results = scene.jobs().awaitEnds(jobs, Duration.ofSeconds(180));
            for (int i = 0; i < JOBS; i++) {
                String job = jobs.get(i);
                JobResult result = results.get(i);
                JobChecks.completedOnceWithProgramOutput(soft, result, JOB);
                soft.assertThat(ledger.starts(job))
                        .as(
                                "container starts of job %s: one on each node (%s)",
                                job, ledger.account(job))
                        .extracting(ContainerLedger.Start::nodeId)
                        .containsExactlyInAnyOrder(lost.nodeId(), survivor.nodeId());
            }
            JobChecks.noLeftovers(soft, scene, Duration.ofSeconds(30));
            JobChecks.reservationsFreed(
                    soft, scene.jobs(), List.of(lost, survivor), Duration.ofSeconds(20));

            moves.stream()
                    .max(Duration::compareTo)
                    .ifPresent(
                            d ->
                                    RecoveryTimes.record(
                                            faultCase,
                                            "kill → last job's container running on the other node",
                                            d,
                                            "goal: node grace period "
                                                    + FaultCases.NODE_GRACE_PERIOD.toSeconds()
                                                    + " s + at most 15 s; 60 s before issue #12"));
            moves.stream()
                    .min(Duration::compareTo)
                    .ifPresent(
                            d ->
                                    RecoveryTimes.record(
                                            faultCase,
                                            "kill → first job's container running on the other node",
                                            d,
                                            ""));
            RecoveryTimes.record(
                    faultCase,
                    "jobs whose old and new containers ran at once",
                    jobs.stream().filter(j -> ledger.mostAtOnce(j) > 1).count() + " / " + JOBS,
                    "not asserted: nothing can stop"
                            + " the old container while its node is dead; fencing ends it when the node is back");
            RecoveryTimes.record(
                    faultCase,
                    "dead node back → its old containers and directories removed",
                    fenced
                            ? RecoveryTimes.seconds(Duration.between(restarted, fencedAt))
                            : "> " + FENCING_BOUND.toSeconds() + " s",
                    fenced
                            ? "includes the worker's start"
                            : "not fenced: "
                                    + Leftovers.containersOfNode(
                                                    scene.dockerd().cli(), lost.nodeId())
                                            .size()
                                    + " containers left");
            FaultCases.assertAll(soft, scene);
        }
    }

    private static boolean fencedAway(WorkerProc node, DockerCli docker) {
        return Leftovers.containersOfNode(docker, node.nodeId()).isEmpty()
                && Leftovers.executionDirs(List.of(node.storageDir())).isEmpty();
    }
}
