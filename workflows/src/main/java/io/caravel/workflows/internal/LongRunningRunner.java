package io.caravel.workflows.internal;

import io.caravel.api.model.Job;
import io.caravel.api.model.JobStateType;
import io.caravel.api.model.JobType;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.activities.RegistryActivities;
import io.caravel.workflows.internal.ExecutionRunner.Target;
import io.caravel.workflows.model.Handover;
import io.caravel.workflows.model.NodeInfo;
import io.caravel.workflows.model.ReplicaState;
import io.caravel.workflows.placement.NodeEligibility;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * Runs a {@code service} job ({@code Count} replicas placed like batch partitions) or a {@code
 * daemon} job (one replica on every connected node that can run it) until it is stopped; each
 * replica is a {@link ReplicaLoop}. It never completes on its own. When the workflow's history
 * grows past {@link io.caravel.workflows.OrchestrationSettings#longRunningHistory()} (or the server
 * suggests it), it waits until every replica is running or pausing, takes their state and returns:
 * the workflow continues as new with {@link #handover()}, and the next run re-attaches to the
 * running executions.
 *
 * <p>A daemon learns of joining and leaving nodes by reading the node list every {@link
 * io.caravel.workflows.OrchestrationSettings#daemonNodeCheck()}, with the same local activity the
 * batch path uses. The registry could instead signal every daemon job, but it would have to know
 * them all and still be read after a missed signal or a continue-as-new; reading it keeps the job
 * the one owner of its replicas, at a few history events per check.
 */
public final class LongRunningRunner {
    private static final Logger log = Workflow.getLogger(LongRunningRunner.class);

    /** Ended executions kept in {@code describe} across a continue-as-new. */
    static final int ENDED_EXECUTIONS_KEPT = 100;

    /** Events kept in {@code describe} across a continue-as-new. */
    static final int EVENTS_KEPT = 200;

    private final Job job;
    private final Resources need;
    private final StepOptions options;
    private final JobProgress progress;
    private final ExecutionRunner executions;
    private final RestartBackoff backoff;
    private final Map<String, ReplicaState> carried = new TreeMap<>();
    private final Map<String, Replica> replicas = new TreeMap<>();
    private boolean handingOver;

    /**
     * The history limit of this run, recorded, so that a change of the setting leaves running jobs
     * replayable.
     */
    private int historyLimit;

    private Handover handover;

    private record Replica(ReplicaLoop loop, CancellationScope scope, Promise<Void> done) {}

    /**
     * @param carried what the previous run handed over; null on the job's first run
     */
    public LongRunningRunner(
            Job job,
            Resources need,
            StepOptions options,
            JobProgress progress,
            ExecutionRunner executions,
            Handover carried) {
        this.job = job;
        this.need = need;
        this.options = options;
        this.progress = progress;
        this.executions = executions;
        this.backoff =
                new RestartBackoff(
                        options.settings().restartBackoff(),
                        options.settings().restartBackoffMax());
        if (carried != null) {
            carried.replicas().forEach(r -> this.carried.put(key(r.partition(), r.nodeId()), r));
        }
    }

    /** Whether {@code job} is run by this class. */
    public static boolean runs(Job job) {
        return job.jobType().map(JobType::isLongRunning).orElse(false);
    }

    /**
     * Runs the replicas until the job is stopped (then Stopped is the workflow's to say) or its
     * replicas are handed over ({@link #handover()} is then present).
     */
    public JobRunner.Outcome run() {
        int setting = options.settings().longRunningHistory();
        historyLimit = Workflow.sideEffect(Integer.class, () -> setting);
        if (progress.state() == JobStateType.PENDING) {
            progress.transition(JobStateType.QUEUED, "");
        }
        boolean daemon = job.jobType().orElseThrow() == JobType.DAEMON;
        if (!daemon && carried.isEmpty() && progress.executions().isEmpty()) {
            Optional<String> impossible = noNodeCanRun();
            if (impossible.isPresent()) {
                return new JobRunner.Outcome(JobStateType.FAILED, impossible.get());
            }
        }
        try {
            if (daemon) {
                runDaemon();
            } else {
                for (int p = 0; p < job.count(); p++) {
                    start(p, new Target(TaskQueues.placement(need.gpus()), ""), "Replica " + p);
                }
                Workflow.await(this::handoverDue);
            }
        } catch (CanceledFailure stopped) {
            // The job is being stopped: the replicas' scopes are cancelled with the workflow's.
        }
        if (!CancellationScope.current().isCancelRequested() && handoverDue()) {
            try {
                handOver();
                return new JobRunner.Outcome(JobStateType.RUNNING, "handed over");
            } catch (CanceledFailure stopped) {
                // Stopped while waiting to hand over: the replicas end with the stop instead.
            }
        }
        Workflow.await(this::ended);
        return new JobRunner.Outcome(JobStateType.STOPPED, "");
    }

    /**
     * Whether every replica has ended. After a handover they run on until this run ends, unless the
     * job is stopped first, in which case the workflow waits for this.
     */
    public boolean ended() {
        return replicas.values().stream().allMatch(r -> r.done().isCompleted());
    }

    /** What the next run takes over; empty unless the replicas were handed over. */
    public Optional<Handover> handover() {
        return Optional.ofNullable(handover);
    }

    private void runDaemon() {
        // Replicas carried over come back first; those whose node has gone since are ended below.
        for (ReplicaState r : List.copyOf(carried.values())) {
            start(
                    r.partition(),
                    new Target(
                            r.running() != null
                                    ? r.running().claim().nodeQueue()
                                    : TaskQueues.node(r.nodeId()),
                            r.nodeId()),
                    "Node " + r.nodeId());
        }
        while (!handoverDue()) {
            List<NodeInfo> nodes = connectedNodes();
            if (nodes != null) {
                List<NodeInfo> eligible =
                        nodes.stream()
                                .filter(n -> NodeEligibility.isEligible(job, need, n))
                                .toList();
                List<String> ids = eligible.stream().map(NodeInfo::nodeId).toList();
                for (NodeInfo node : eligible) {
                    if (!replicas.containsKey(key(0, node.nodeId()))) {
                        String queue =
                                node.nodeQueue() == null || node.nodeQueue().isBlank()
                                        ? TaskQueues.node(node.nodeId())
                                        : node.nodeQueue();
                        progress.event(
                                JobProgress.TOPIC_PLACEMENT,
                                "Node "
                                        + node.nodeId()
                                        + " can run the daemon: starting its execution",
                                "");
                        start(0, new Target(queue, node.nodeId()), "Node " + node.nodeId());
                    }
                }
                for (Map.Entry<String, Replica> r : List.copyOf(replicas.entrySet())) {
                    String nodeId = r.getKey().substring(r.getKey().indexOf('/') + 1);
                    if (!ids.contains(nodeId) && !r.getValue().scope().isCancelRequested()) {
                        progress.event(
                                JobProgress.TOPIC_PLACEMENT,
                                "Node "
                                        + nodeId
                                        + " left or can no longer run the daemon: ending its execution",
                                "");
                        r.getValue().scope().cancel("node " + nodeId + " left");
                    }
                }
            }
            replicas.entrySet().removeIf(r -> r.getValue().done().isCompleted());
            Promise<Void> check = Workflow.newTimer(options.settings().daemonNodeCheck());
            Workflow.await(() -> check.isCompleted() || handoverDue());
        }
    }

    /**
     * Why no connected node could ever run a service's replicas, as the batch path fails such a job
     * at once; empty when one could, or when the node list cannot be read (placement still works).
     */
    private Optional<String> noNodeCanRun() {
        List<NodeInfo> nodes = connectedNodes();
        if (nodes == null
                || nodes.stream().anyMatch(n -> NodeEligibility.isEligible(job, need, n))) {
            return Optional.empty();
        }
        return Optional.of(
                "no connected node can run the task: "
                        + NodeEligibility.explainNone(job, need, nodes));
    }

    /** The connected nodes, or null when the list cannot be read now. */
    private List<NodeInfo> connectedNodes() {
        try {
            List<NodeInfo> nodes =
                    Workflow.newLocalActivityStub(
                                    RegistryActivities.class, options.listNodesLocally())
                            .listNodes();
            return nodes == null ? List.of() : nodes;
        } catch (TemporalFailure f) {
            if (FailureCauses.isCancellation(f)) {
                throw f;
            }
            log.info("job {}: could not list the nodes: {}", job.id(), FailureCauses.text(f));
            return null;
        }
    }

    private void start(int partition, Target target, String name) {
        String key = key(partition, target.nodeId());
        ReplicaState state =
                Objects.requireNonNullElseGet(
                        carried.remove(key),
                        () -> new ReplicaState(partition, target.nodeId(), 0, 0, 0, null));
        ReplicaLoop loop =
                new ReplicaLoop(
                        executions, progress, backoff, target, name, () -> handingOver, state);
        List<Promise<Void>> done = new ArrayList<>(1);
        CancellationScope scope =
                Workflow.newCancellationScope(() -> done.add(Async.procedure(loop::run)));
        scope.run();
        replicas.put(key, new Replica(loop, scope, done.get(0)));
    }

    private boolean handoverDue() {
        return Workflow.getInfo().getHistoryLength() >= historyLimit
                || Workflow.getInfo().isContinueAsNewSuggested();
    }

    /**
     * Waits until every replica can be handed over, stops them from starting anything, and takes
     * their state. The loops are left blocked; their threads end with this run.
     */
    private void handOver() {
        Workflow.await(
                () ->
                        replicas.values().stream()
                                .allMatch(
                                        r -> r.loop().ended() || r.loop().handoverState() != null));
        handingOver = true;
        List<ReplicaState> states =
                replicas.values().stream()
                        .filter(r -> !r.loop().ended())
                        .map(r -> r.loop().handoverState())
                        .toList();
        handover = new Handover(progress.snapshot(ENDED_EXECUTIONS_KEPT, EVENTS_KEPT), states, "");
        log.info(
                "job {}: continuing as new with {} replicas after {} history events",
                job.id(),
                states.size(),
                Workflow.getInfo().getHistoryLength());
    }

    private static String key(int partition, String nodeId) {
        return partition + "/" + nodeId;
    }
}
