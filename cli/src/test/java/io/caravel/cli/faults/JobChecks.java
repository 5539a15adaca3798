package io.caravel.cli.faults;

import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.JobStateType;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobResult;
import io.caravel.workflows.model.NodeInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;

/**
 * The guarantees every fault case checks, as soft assertions so that one run reports every broken
 * one: the job's end, its container starts, leftovers and reservations.
 */
final class JobChecks {
    private JobChecks() {}

    /**
     * The job Completed from exactly one Completed execution, with exit code 0 and the program's
     * whole stdout once (no gap, no repeat).
     */
    static void completedOnceWithProgramOutput(SoftAssertions soft, JobResult result, TickJob job) {
        String id = result.jobId();
        soft.assertThat(result.state())
                .as(
                        "state of job %s (message: %s; executions: %s)",
                        id, result.message(), summary(result.executions()))
                .isEqualTo(JobStateType.COMPLETED);
        List<ExecutionRecord> completed =
                result.executions().stream()
                        .filter(e -> e.state() == ExecutionStateType.COMPLETED)
                        .toList();
        soft.assertThat(completed.size())
                .as("Completed executions of job %s (all: %s)", id, summary(result.executions()))
                .isEqualTo(1);
        completed.stream()
                .findFirst()
                .ifPresent(
                        e -> {
                            soft.assertThat(e.runOutput().exitCode())
                                    .as("exit code of job %s's execution %s", id, e.id())
                                    .isZero();
                            soft.assertThat(e.runOutput().stdout())
                                    .as("stdout of job %s's execution %s", id, e.id())
                                    .isEqualTo(job.expectedStdout());
                        });
    }

    /** One line per execution: id, node, attempt, state, exit code, message. */
    static String summary(List<ExecutionRecord> executions) {
        return executions.stream()
                .map(
                        e ->
                                "\n  "
                                        + e.id()
                                        + " on "
                                        + e.nodeId()
                                        + ", attempt "
                                        + e.attempt()
                                        + ", "
                                        + e.state()
                                        + (e.runOutput() == null
                                                ? ""
                                                : ", exit code " + e.runOutput().exitCode())
                                        + (e.message().isEmpty()
                                                ? ""
                                                : ": "
                                                        + e.message()
                                                                .lines()
                                                                .findFirst()
                                                                .orElse("")))
                .collect(Collectors.joining());
    }

    /** Exactly {@code expected} container starts for the job's partition. */
    /**
     * The whole exactly-once contract for a job whose node came back: completed with the program's
     * output once, from one container start that was never killed nor doubled, nothing left behind,
     * every reservation freed.
     */
    static void ranOnceAndLeftNothing(
            SoftAssertions soft,
            FaultScene scene,
            ContainerLedger ledger,
            JobResult result,
            String jobId,
            TickJob job,
            List<WorkerProc> nodes) {
        completedOnceWithProgramOutput(soft, result, job);
        starts(soft, ledger, jobId, 1);
        neverTwoAtOnce(soft, ledger, jobId);
        neverKilled(soft, ledger, jobId);
        noLeftovers(soft, scene, Duration.ofSeconds(30));
        reservationsFreed(soft, scene.jobs(), nodes, Duration.ofSeconds(20));
    }

    static void starts(SoftAssertions soft, ContainerLedger ledger, String jobId, int expected) {
        soft.assertThat(ledger.starts(jobId).size())
                .as("container starts of job %s (%s)", jobId, ledger.account(jobId))
                .isEqualTo(expected);
    }

    /** Never two containers of the partition running at once. */
    static void neverTwoAtOnce(SoftAssertions soft, ContainerLedger ledger, String jobId) {
        soft.assertThat(ledger.mostAtOnce(jobId))
                .as("containers of job %s running at once (%s)", jobId, ledger.account(jobId))
                .isLessThanOrEqualTo(1);
    }

    /**
     * No container of the job was killed, and every one ended with the program's own exit code 0.
     */
    static void neverKilled(SoftAssertions soft, ContainerLedger ledger, String jobId) {
        soft.assertThat(ledger.kills(jobId))
                .as("kill signals sent to job %s's containers (%s)", jobId, ledger.account(jobId))
                .isEmpty();
        soft.assertThat(
                        ledger.ends(jobId).stream()
                                .filter(e -> e.exitCode() == null || e.exitCode() != 0)
                                .map(
                                        e ->
                                                e.containerId().substring(0, 12)
                                                        + " exit "
                                                        + e.exitCode())
                                .toList())
                .as(
                        "containers of job %s that did not end with the program's exit code 0 (%s)",
                        jobId, ledger.account(jobId))
                .isEmpty();
    }

    /**
     * Within {@code within}, no container, network or execution directory of the scene's jobs is
     * left.
     */
    static void noLeftovers(SoftAssertions soft, FaultScene scene, Duration within) {
        Await.tryUntil(within, () -> scene.leftovers().isEmpty());
        soft.assertThat(scene.leftovers())
                .as("leftovers %s s after the jobs ended", within.toSeconds())
                .isEmpty();
    }

    /** Within {@code within}, each node's registry entry shows its whole capacity free again. */
    static void reservationsFreed(
            SoftAssertions soft, JobClient client, List<WorkerProc> nodes, Duration within) {
        for (WorkerProc node : nodes) {
            Await.tryUntil(within, () -> freed(client.node(node.nodeId())));
            Optional<NodeInfo> info = client.node(node.nodeId());
            soft.assertThat(info).as("node %s in the registry", node.nodeId()).isPresent();
            info.ifPresent(
                    n ->
                            soft.assertThat(n.available())
                                    .as(
                                            "free capacity of node %s (reservations left)",
                                            node.nodeId())
                                    .isEqualTo(n.capacity()));
        }
    }

    private static boolean freed(Optional<NodeInfo> node) {
        return node.isPresent() && node.get().available().equals(node.get().capacity());
    }
}
