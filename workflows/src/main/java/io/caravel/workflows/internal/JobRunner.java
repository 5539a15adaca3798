package io.caravel.workflows.internal;

import io.caravel.api.model.Job;
import io.caravel.api.model.JobStateType;
import io.caravel.api.model.JobType;
import io.caravel.api.quantity.Resources;
import io.caravel.api.spec.GoDurations;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.activities.RegistryActivities;
import io.caravel.workflows.internal.ExecutionRunner.Attempt;
import io.caravel.workflows.internal.ExecutionRunner.Kind;
import io.caravel.workflows.internal.ExecutionRunner.Target;
import io.caravel.workflows.model.NodeInfo;
import io.caravel.workflows.placement.NodeEligibility;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * Runs a batch or ops job to its own end (not counting stop and the total timeout, which the
 * workflow races against it): places and runs the executions and says whether the job completed.
 */
public final class JobRunner {
    private static final Logger log = Workflow.getLogger(JobRunner.class);

    /**
     * Version 1: ListNodes runs as a local activity; histories without the marker schedule it on
     * the default queue.
     */
    static final String LOCAL_LIST_NODES_CHANGE = "list-nodes-local-activity";

    /**
     * Version 1: a batch job with a Count above 1 records its limit on partitions at once (a side
     * effect, so a later change of the setting leaves it alone) and starts a partition only when
     * fewer run. Histories without the marker started every partition at once.
     */
    public static final String BOUNDED_PARTITIONS_CHANGE = "bounded-partitions";

    /**
     * Version 1: a batch job with a Count above 1 records how many partitions one child workflow
     * runs, and one with more partitions than that runs them in child workflows. Histories without
     * the marker ran every partition in the job's own workflow.
     */
    public static final String CHUNKED_PARTITIONS_CHANGE = "chunked-partitions";

    /**
     * Version 1: the check that a node fits reads the worker's recent node list ({@link
     * RegistryActivities#listRecentNodes()}) and the registry only when no node there fits.
     * Histories without the marker read the registry for every job.
     */
    public static final String RECENT_NODES_CHANGE = "recent-node-list";

    /** How the job's executions ended: Completed or Failed, with the reason. */
    public record Outcome(JobStateType state, String message) {
        static Outcome completed() {
            return new Outcome(JobStateType.COMPLETED, "");
        }

        static Outcome failed(String message) {
            return new Outcome(JobStateType.FAILED, message);
        }
    }

    private final Job job;
    private final Resources need;
    private final StepOptions options;
    private final JobProgress progress;
    private final ExecutionRunner executions;
    private final PartitionPool pool;
    private final ChunkedRun chunked;

    /**
     * @param startedMillis when the job's workflow started (workflow time): chunks count their
     *     queue wait from it
     */
    public JobRunner(
            Job job,
            Resources need,
            StepOptions options,
            JobProgress progress,
            ExecutionRunner executions,
            long startedMillis) {
        this.job = job;
        this.need = need;
        this.options = options;
        this.progress = progress;
        this.executions = executions;
        this.pool = new PartitionPool(executions, options, progress, need);
        this.chunked = new ChunkedRun(job, options.settings(), progress, startedMillis);
    }

    public Outcome run() {
        return job.jobType().orElse(JobType.BATCH) == JobType.OPS ? runOps() : runBatch();
    }

    /**
     * {@code Count} partitions, at most {@link
     * io.caravel.workflows.OrchestrationSettings#maxConcurrentPartitions()} at once, each retried
     * on another node up to the attempt budget; more than {@link
     * io.caravel.workflows.OrchestrationSettings#partitionsPerChunk()} run in child workflows
     * ({@link ChunkedRun}).
     */
    private Outcome runBatch() {
        if (job.count() == 0) {
            return Outcome.completed();
        }
        Optional<String> impossible = checkNodes();
        if (impossible.isPresent()) {
            return Outcome.failed(impossible.get());
        }
        progress.transition(JobStateType.QUEUED, "");
        int limit = partitionLimit();
        int chunkSize = chunkSize();
        if (chunkSize < job.count()) {
            return chunked.run(limit, chunkSize);
        }
        if (limit < job.count()) {
            progress.event(
                    JobProgress.TOPIC_PLACEMENT,
                    "Running at most "
                            + limit
                            + " of the "
                            + job.count()
                            + " partitions at once; the next starts when one ends",
                    "");
        }
        PartitionPool.Outcome ran = pool.run(0, job.count(), limit);
        List<String> failures = new ArrayList<>();
        for (PartitionPool.Failure f : ran.failures()) {
            failures.add(
                    job.count() == 1
                            ? f.message()
                            : "partition " + f.partition() + ": " + f.message());
        }
        if (ran.started() < job.count()) {
            failures.add((job.count() - ran.started()) + " partitions never started");
        }
        if (failures.isEmpty()) {
            return Outcome.completed();
        }
        return Outcome.failed(
                job.count() == 1
                        ? failures.get(0)
                        : failures.size()
                                + " of "
                                + job.count()
                                + " partitions failed; "
                                + String.join("; ", failures));
    }

    /**
     * How many partitions may run at once: the setting, recorded in the history when the job
     * starts; unlimited for a job started before the limit existed (and for Count 1, which has
     * nothing to limit).
     */
    private int partitionLimit() {
        if (job.count() <= 1
                || Workflow.getVersion(BOUNDED_PARTITIONS_CHANGE, Workflow.DEFAULT_VERSION, 1)
                        == Workflow.DEFAULT_VERSION) {
            return Integer.MAX_VALUE;
        }
        int setting = options.settings().maxConcurrentPartitions();
        return Workflow.sideEffect(Integer.class, () -> setting);
    }

    /**
     * How many partitions one chunk runs: the setting, recorded when the job starts; unlimited (no
     * chunks) for a job started before chunks existed, and for Count 1.
     */
    private int chunkSize() {
        if (job.count() <= 1
                || Workflow.getVersion(CHUNKED_PARTITIONS_CHANGE, Workflow.DEFAULT_VERSION, 1)
                        == Workflow.DEFAULT_VERSION) {
            return Integer.MAX_VALUE;
        }
        int setting = options.settings().partitionsPerChunk();
        return Workflow.sideEffect(Integer.class, () -> setting);
    }

    /**
     * Fails the job early when no connected node could ever run it. With a queue timeout the job
     * may wait for a node to join, as in Bacalhau, so only the reason is recorded. When the node
     * list cannot be read the check is skipped: placement still works without it.
     */
    private Optional<String> checkNodes() {
        List<NodeInfo> nodes;
        try {
            nodes =
                    Workflow.getVersion(RECENT_NODES_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1
                            ? recentNodesOrRegistry()
                            : listNodes();
        } catch (TemporalFailure f) {
            if (FailureCauses.isCancellation(f)) {
                throw f;
            }
            progress.event(
                    JobProgress.TOPIC_PLACEMENT,
                    "Could not list the nodes ("
                            + FailureCauses.text(f)
                            + "); placing without checking that a node fits",
                    "");
            return Optional.empty();
        }
        if (nodes.stream().anyMatch(n -> NodeEligibility.isEligible(job, need, n))) {
            return Optional.empty();
        }
        String why = NodeEligibility.explainNone(job, need, nodes);
        long queueTimeout = job.task().orElseThrow().timeouts().queueTimeout();
        if (queueTimeout > 0) {
            progress.event(
                    JobProgress.TOPIC_PLACEMENT,
                    "No connected node can run the task now ("
                            + why
                            + "); waiting up to the queue timeout "
                            + GoDurations.format(queueTimeout)
                            + " for one",
                    "");
            return Optional.empty();
        }
        log.info("job {} cannot run on any connected node: {}", job.id(), why);
        return Optional.of("no connected node can run the task: " + why);
    }

    /** One execution on every eligible node, each claimed on that node's own queue; no retries. */
    private Outcome runOps() {
        List<NodeInfo> nodes;
        try {
            nodes = listNodes();
        } catch (TemporalFailure f) {
            if (FailureCauses.isCancellation(f)) {
                throw f;
            }
            return Outcome.failed(
                    "could not list the nodes to run an ops job on: " + FailureCauses.text(f));
        }
        List<NodeInfo> eligible =
                nodes.stream()
                        .filter(n -> NodeEligibility.isEligible(job, need, n))
                        .sorted(Comparator.comparing(NodeInfo::nodeId))
                        .toList();
        if (eligible.isEmpty()) {
            return Outcome.failed(
                    "no node matches the job: " + NodeEligibility.explainNone(job, need, nodes));
        }
        progress.event(
                JobProgress.TOPIC_PLACEMENT,
                "Running on "
                        + eligible.size()
                        + " node"
                        + (eligible.size() == 1 ? "" : "s")
                        + ": "
                        + eligible.stream().map(NodeInfo::nodeId).collect(Collectors.joining(", ")),
                "");
        progress.transition(JobStateType.QUEUED, "");
        List<Promise<Attempt>> runs = new ArrayList<>();
        for (NodeInfo node : eligible) {
            String queue =
                    node.nodeQueue() == null || node.nodeQueue().isBlank()
                            ? TaskQueues.node(node.nodeId())
                            : node.nodeQueue();
            runs.add(Async.function(executions::run, 0, 1, new Target(queue, node.nodeId())));
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Attempt a = runs.get(i).get();
            if (a.kind() != Kind.COMPLETED) {
                failures.add(eligible.get(i).nodeId() + ": " + a.message());
            }
        }
        if (failures.isEmpty()) {
            return Outcome.completed();
        }
        return Outcome.failed(
                failures.size()
                        + " of "
                        + runs.size()
                        + " executions failed; "
                        + String.join("; ", failures));
    }

    /**
     * The worker's recent node list when a node there fits, else the registry's (a node may have
     * joined).
     */
    private List<NodeInfo> recentNodesOrRegistry() {
        List<NodeInfo> recent =
                Workflow.newLocalActivityStub(RegistryActivities.class, options.listNodesLocally())
                        .listRecentNodes();
        if (recent != null
                && recent.stream().anyMatch(n -> NodeEligibility.isEligible(job, need, n))) {
            return recent;
        }
        return listNodes();
    }

    private List<NodeInfo> listNodes() {
        RegistryActivities registry =
                Workflow.getVersion(LOCAL_LIST_NODES_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1
                        ? Workflow.newLocalActivityStub(
                                RegistryActivities.class, options.listNodesLocally())
                        : Workflow.newActivityStub(RegistryActivities.class, options.listNodes());
        List<NodeInfo> nodes = registry.listNodes();
        return nodes == null ? List.of() : nodes;
    }
}
