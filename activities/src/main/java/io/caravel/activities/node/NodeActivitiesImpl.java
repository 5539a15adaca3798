package io.caravel.activities.node;

import io.caravel.activities.files.FileTrees;
import io.caravel.activities.net.DestinationRefusedException;
import io.caravel.activities.placement.NodeLedger;
import io.caravel.activities.placement.NodePolicy;
import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.activities.spi.InputSourceProvider;
import io.caravel.activities.spi.Publisher;
import io.caravel.api.env.ExecutionEnv;
import io.caravel.api.env.HostEnvResolver;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.JobType;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.PortMapping;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.api.quantity.Quantities;
import io.caravel.workflows.OrchestrationSettings;
import io.caravel.workflows.activities.ClaimRequest;
import io.caravel.workflows.activities.ExecutionRequest;
import io.caravel.workflows.activities.NodeActivities;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.StagedInputs;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of an execution on the node that claimed it: network check, input staging, engine
 * execution, publishing and release. Long steps heartbeat with progress from a scheduler thread
 * while the provider works on the activity thread; a cancelled or timed-out activity makes the
 * provider's {@link ExecutionContext#cancelled()} true, and so does the task's own execution
 * timeout (batch and ops jobs). Every failure leaves through {@link ActivityFailures}.
 */
public final class NodeActivitiesImpl implements NodeActivities, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeActivitiesImpl.class);

    /** How long a newer attempt waits for the older one to let go of the work. */
    private static final Duration TAKE_OVER_WAIT = Duration.ofSeconds(30);

    private final String nodeId;
    private final ExecutionDirs dirs;
    private final NodePolicy policy;
    private final NodeLedger ledger;
    private final Map<String, Engine> engines;
    private final Map<String, InputSourceProvider> sources;
    private final Map<String, Publisher> publishers;
    private final HostEnvResolver hostEnv;
    private final HostPortAllocator hostPorts;
    private final ScheduledExecutorService scheduler;
    private final Duration nodeGracePeriod;

    /**
     * The engine runs this worker follows now, by execution ID: at most one attempt per execution.
     */
    private final Map<String, Heartbeater> following = new ConcurrentHashMap<>();

    /**
     * The provider maps are keyed by type; keys are compared trimmed and lower-cased.
     *
     * @throws IllegalArgumentException when two keys of one map are the same type
     */
    public NodeActivitiesImpl(
            String nodeId,
            ExecutionDirs dirs,
            NodePolicy policy,
            NodeLedger ledger,
            Map<String, Engine> engines,
            Map<String, InputSourceProvider> sources,
            Map<String, Publisher> publishers,
            HostEnvResolver hostEnv) {
        this(
                nodeId,
                dirs,
                policy,
                ledger,
                engines,
                sources,
                publishers,
                hostEnv,
                new HostPortAllocator(PortRange.DEFAULT));
    }

    /** As above, with the allocator of the host ports of {@code Static: 0} mappings. */
    public NodeActivitiesImpl(
            String nodeId,
            ExecutionDirs dirs,
            NodePolicy policy,
            NodeLedger ledger,
            Map<String, Engine> engines,
            Map<String, InputSourceProvider> sources,
            Map<String, Publisher> publishers,
            HostEnvResolver hostEnv,
            HostPortAllocator hostPorts) {
        this(
                nodeId,
                dirs,
                policy,
                ledger,
                engines,
                sources,
                publishers,
                hostEnv,
                hostPorts,
                OrchestrationSettings.DEFAULT_NODE_GRACE_PERIOD);
    }

    /**
     * As above; {@code nodeGracePeriod} is how long this node keeps asking for an execution back
     * while its container runtime does not answer, before it gives the execution up for placement
     * elsewhere (the deployment's {@link OrchestrationSettings#nodeGracePeriod()}).
     */
    public NodeActivitiesImpl(
            String nodeId,
            ExecutionDirs dirs,
            NodePolicy policy,
            NodeLedger ledger,
            Map<String, Engine> engines,
            Map<String, InputSourceProvider> sources,
            Map<String, Publisher> publishers,
            HostEnvResolver hostEnv,
            HostPortAllocator hostPorts,
            Duration nodeGracePeriod) {
        this.nodeGracePeriod = Objects.requireNonNull(nodeGracePeriod, "nodeGracePeriod");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.dirs = Objects.requireNonNull(dirs, "dirs");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.engines = byKey("engine", engines);
        this.sources = byKey("input source", sources);
        this.publishers = byKey("publisher", publishers);
        this.hostEnv = Objects.requireNonNull(hostEnv, "hostEnv");
        this.hostPorts = Objects.requireNonNull(hostPorts, "hostPorts");
        this.scheduler =
                Executors.newScheduledThreadPool(2, daemonThreads("caravel-heartbeat-" + nodeId));
    }

    @Override
    public List<PortMapping> checkNetwork(ExecutionRequest request) {
        Task task = task(request);
        NetworkType type = task.network().type();
        if (!policy.acceptsNetwork(type)) {
            throw ActivityFailures.networkRefused(
                    "network mode "
                            + type.canonical()
                            + " is not accepted by node "
                            + nodeId
                            + "; it accepts: "
                            + policy.acceptedNetworkNames()
                            + "\nhint: run the task with Network None, or on a node whose operator accepts "
                            + type.canonical());
        }
        return ports(request);
    }

    @Override
    public StagedInputs stageInputs(ExecutionRequest request) {
        try {
            return stage(request);
        } catch (Exception e) {
            throw ActivityFailures.translate(ActivityFailures.Step.STAGING, nodeId, e);
        }
    }

    private StagedInputs stage(ExecutionRequest request) throws InterruptedException, IOException {
        Task task = task(request);
        List<InputSource> inputs = task.inputSources();
        if (inputs.isEmpty()) {
            return StagedInputs.NONE;
        }
        List<InputSourceProvider> providers = new ArrayList<>();
        for (InputSource input : inputs) {
            String type = input.source() == null ? "" : input.source().typeKey();
            InputSourceProvider provider = sources.get(type);
            if (provider == null) {
                throw ActivityFailures.unsupportedType(
                        "input source", nodeId, type, sources.keySet());
            }
            providers.add(provider);
        }
        ExecutionDirs.Dirs d = dirs.create(request.executionId(), request.job().id());
        ActivityExecutionContext activity = Activity.getExecutionContext();
        List<StagedInput> staged = new ArrayList<>();
        try (Heartbeater beat =
                Heartbeater.start(activity, scheduler, "staging " + inputs.size() + " inputs", 0)) {
            ExecutionContext context =
                    context(
                            request,
                            request.job(),
                            d,
                            StagedInputs.NONE,
                            systemEnv(request),
                            beat::report,
                            beat::stopRequested);
            for (int i = 0; i < inputs.size(); i++) {
                beat.throwIfStopped(0);
                // One directory per input, so two sources with the same file name cannot collide.
                Path scratch = d.inputs().resolve(Integer.toString(i));
                Files.createDirectories(scratch);
                try {
                    staged.add(providers.get(i).stage(inputs.get(i), scratch, context));
                } catch (DestinationRefusedException e) {
                    throw e.at("input " + i);
                }
                beat.report(
                        "staged "
                                + (i + 1)
                                + " of "
                                + inputs.size()
                                + " inputs, "
                                + Quantities.formatBytes(new StagedInputs(staged).totalBytes()));
            }
            beat.throwIfStopped(0);
        }
        log.info("staged {} inputs of execution {}", staged.size(), request.executionId());
        return new StagedInputs(staged);
    }

    @Override
    public RunOutput execute(ExecutionRequest request, StagedInputs inputs) {
        if (request.executePrepares()) {
            checkNetwork(request);
            inputs = stageInputs(request);
        }
        RunOutput output;
        try {
            output = run(request, inputs == null ? StagedInputs.NONE : inputs);
        } catch (Exception e) {
            throw giveUpAfterGrace(
                    ActivityFailures.translate(ActivityFailures.Step.EXECUTION, nodeId, e));
        }
        if (request.executeReleases(output)) {
            releaseAfterLastStep(request);
        }
        return output;
    }

    private RunOutput run(ExecutionRequest request, StagedInputs inputs)
            throws InterruptedException {
        Task task = task(request);
        String type = task.engine() == null ? "" : task.engine().typeKey();
        Engine engine = engines.get(type);
        if (engine == null) {
            throw ActivityFailures.unsupportedType("engine", nodeId, type, engines.keySet());
        }
        Map<String, String> env = ExecutionEnv.merge(resolveEnv(task.env()), systemEnv(request));
        Job job =
                withNetwork(
                        request.job(),
                        policy.effectiveNetwork(task.network().type()),
                        ports(request));
        ActivityExecutionContext activity = Activity.getExecutionContext();
        takeOverFromOlderAttempt(request.executionId());
        adoptReservation(request, task, engine);
        // A retried or re-attached execution starts from an empty results layout; a re-attached
        // engine reads its work's output again from the start, so nothing is missing or repeated.
        dirs.create(request.executionId(), request.job().id());
        dirs.resetResults(request.executionId());
        ExecutionDirs.Dirs d = dirs.of(request.executionId());
        long deadline = remainingDeadline(executionDeadline(request.job(), task), activity);
        // Preparation (e.g. an image pull) heartbeats too, but before the execution deadline
        // starts.
        try (Heartbeater beat =
                Heartbeater.startDeferred(activity, scheduler, "preparing " + type + " engine")) {
            engine.prepare(
                    context(request, job, d, inputs, env, beat::report, beat::stopRequested));
            beat.throwIfStopped(0);
            awaitRoom(request.executionId(), beat);
        }
        String running = "running " + type + " engine";
        try (Heartbeater beat =
                engine.outlivesWorker()
                        ? Heartbeater.startDetachable(activity, scheduler, running, deadline)
                        : Heartbeater.start(activity, scheduler, running, deadline)) {
            following.put(request.executionId(), beat);
            ExecutionContext context =
                    context(request, job, d, inputs, env, beat::report, beat::stopRequested);
            RunOutput output;
            try {
                output = engine.run(context);
            } catch (RuntimeException | InterruptedException e) {
                // An engine stopped by cancellation or the deadline often fails on its way out; say
                // why it stopped.
                beat.throwIfStopped(deadline);
                throw e;
            } finally {
                following.remove(request.executionId(), beat);
            }
            beat.throwIfStopped(deadline);
            log.info(
                    "execution {} ended on node {} with exit code {}{}",
                    request.executionId(),
                    nodeId,
                    output.exitCode(),
                    output.failed() ? ": " + output.errorMsg() : "");
            return ResultsLayout.summarize(output);
        }
    }

    /**
     * An execution this node claimed ahead of room ({@link NodeLedger.AheadQueue}) starts when a
     * release admits it; when none does within {@link ClaimRequest#NODE_WAIT}, it is given up here
     * and goes back to placement ({@code NODE_BUSY}, which the workflow places again without
     * counting an attempt).
     */
    private void awaitRoom(String executionId, Heartbeater beat) throws InterruptedException {
        if (!ledger.isWaiting(executionId)) {
            return;
        }
        beat.report("waiting for room on node " + nodeId);
        boolean admitted =
                ledger.awaitAdmission(executionId, ClaimRequest.NODE_WAIT, beat::stopRequested);
        beat.throwIfStopped(0);
        if (!admitted) {
            ledger.release(executionId);
            throw ApplicationFailure.newNonRetryableFailure(
                    "node "
                            + nodeId
                            + " took execution "
                            + executionId
                            + " ahead of room, and none freed within "
                            + ClaimRequest.NODE_WAIT.toSeconds()
                            + "s; the execution goes back to placement",
                    ErrorCode.NODE_BUSY.name());
        }
        log.debug("execution {} admitted on node {} after waiting for room", executionId, nodeId);
    }

    /**
     * An older attempt of the same execution may still follow its work here (it lost the Temporal
     * server, which then timed it out and scheduled this one): it lets go, and this one
     * re-attaches.
     */
    private void takeOverFromOlderAttempt(String executionId) throws InterruptedException {
        Heartbeater older = following.get(executionId);
        if (older == null) {
            return;
        }
        log.info(
                "execution {}: a newer attempt takes over from the one still running on node {}",
                executionId,
                nodeId);
        older.detach("a newer attempt of the execution took over on this node");
        long until = System.nanoTime() + TAKE_OVER_WAIT.toNanos();
        while (following.get(executionId) == older && System.nanoTime() < until) {
            Thread.sleep(50);
        }
    }

    /**
     * A re-attached execution on a restarted worker: the ledger died with the previous process, so
     * the execution's reservation is taken again, as claimed: whether or not it fits now when its
     * work still runs, else when room is free (it waits for it as a claim taken ahead does).
     */
    private void adoptReservation(ExecutionRequest request, Task task, Engine engine) {
        NodeClaim claim = request.claim();
        if (claim != null && ledger.held(claim.reservationId()).isEmpty()) {
            // Work that outlived the worker uses its resources whether or not they fit; a claim
            // whose work never started (taken ahead of room before the restart) waits for room.
            boolean workRunning =
                    engine.outlivesWorker()
                            && engine.executions(nodeId).containsKey(request.executionId());
            ledger.adopt(
                    claim.reservationId(),
                    io.caravel.api.quantity.Resources.parse(task.resources()),
                    claim.gpuIndices(),
                    workRunning);
        }
    }

    /**
     * The node-side deadline of this attempt: a later attempt (a re-attachment) gets what is left
     * of the execution timeout counted from when the execution was first scheduled.
     */
    private static long remainingDeadline(long deadlineSeconds, ActivityExecutionContext activity) {
        if (deadlineSeconds <= 0 || activity.getInfo().getAttempt() <= 1) {
            return deadlineSeconds;
        }
        long elapsed =
                Math.max(0, System.currentTimeMillis() - activity.getInfo().getScheduledTimestamp())
                        / 1000;
        return Math.max(1, deadlineSeconds - elapsed);
    }

    /**
     * A node whose container runtime does not answer asks for the execution back, with backoff, for
     * the grace period counted from the execution's first scheduling; then it gives the execution
     * up (non-retryable) so that the workflow places the partition elsewhere.
     */
    private RuntimeException giveUpAfterGrace(RuntimeException failure) {
        if (!(failure instanceof ApplicationFailure app)
                || app.isNonRetryable()
                || !ErrorCode.NODE_FAILURE.name().equals(app.getType())) {
            return failure;
        }
        long since = Activity.getExecutionContext().getInfo().getScheduledTimestamp();
        if (Duration.ofMillis(System.currentTimeMillis() - since).compareTo(nodeGracePeriod) < 0) {
            return failure;
        }
        return ApplicationFailure.newNonRetryableFailureWithCause(
                app.getOriginalMessage()
                        + " (node "
                        + nodeId
                        + " gave the execution up after its grace period of "
                        + nodeGracePeriod.toSeconds()
                        + "s)",
                app.getType(),
                app);
    }

    @Override
    public SpecConfig publish(ExecutionRequest request) {
        SpecConfig published;
        try {
            published = publishResults(request);
        } catch (Exception e) {
            throw ActivityFailures.translate(ActivityFailures.Step.PUBLISHING, nodeId, e);
        }
        if (request.releaseWhenDone()) {
            releaseAfterLastStep(request);
        }
        return published;
    }

    private SpecConfig publishResults(ExecutionRequest request)
            throws InterruptedException, IOException {
        Task task = task(request);
        if (task.publisher().isEmpty()) {
            return SpecConfig.EMPTY;
        }
        String type = task.publisher().typeKey();
        Publisher publisher = publishers.get(type);
        if (publisher == null) {
            throw ActivityFailures.unsupportedType("publisher", nodeId, type, publishers.keySet());
        }
        ExecutionDirs.Dirs d = dirs.create(request.executionId());
        ActivityExecutionContext activity = Activity.getExecutionContext();
        String size = Quantities.formatBytes(FileTrees.regularFileBytes(d.results()));
        try (Heartbeater beat =
                Heartbeater.start(
                        activity,
                        scheduler,
                        "publishing " + size + " of results with " + type,
                        0)) {
            ExecutionContext context =
                    context(
                            request,
                            request.job(),
                            d,
                            StagedInputs.NONE,
                            systemEnv(request),
                            beat::report,
                            beat::stopRequested);
            SpecConfig published;
            try {
                published = publisher.publish(context);
            } catch (DestinationRefusedException e) {
                throw e.at("publisher");
            }
            beat.throwIfStopped(0);
            log.info(
                    "published execution {} ({} of results) with {}",
                    request.executionId(),
                    size,
                    type);
            return published == null ? SpecConfig.EMPTY : published;
        }
    }

    @Override
    public void release(NodeClaim claim) {
        try {
            freeReservation(claim.reservationId());
        } catch (Exception e) {
            throw ActivityFailures.translate(ActivityFailures.Step.RELEASE, nodeId, e);
        }
    }

    /**
     * The release the workflow no longer asks for when the last step returns. It must not turn a
     * finished step into a failed one: what it cannot free is logged, and orphan clean-up at the
     * next start removes leftover directories.
     */
    private void releaseAfterLastStep(ExecutionRequest request) {
        try {
            freeReservation(request.claim().reservationId(), true);
        } catch (RuntimeException e) {
            log.warn(
                    "execution {} finished, but its reservation on node {} was not freed",
                    request.executionId(),
                    nodeId,
                    e);
        }
    }

    private void freeReservation(String executionId) {
        freeReservation(executionId, false);
    }

    /**
     * @param workEnded the execution's work has ended (its last step returned): its room goes back
     *     to the ledger before the engine's clean-up (a container's removal) and the directories'
     *     deletion, so that the node's next claim need not wait for them; in a burst of small
     *     docker jobs that clean-up was idle time per job. Otherwise the work may still run and is
     *     removed first.
     */
    private void freeReservation(String executionId, boolean workEnded) {
        boolean released = workEnded && ledger.release(executionId);
        releaseEngineWork(executionId);
        released |= ledger.release(executionId);
        hostPorts.release(executionId);
        deleteDirs(executionId);
        log.info(
                "released execution {} on node {}{}",
                executionId,
                nodeId,
                released ? "" : " (nothing held)");
    }

    /**
     * Lets every engine this node runs remove what it left for executions that are gone (their
     * directories deleted by {@link #release}); call once when the worker starts. A failing engine
     * is logged and skipped: clean-up must not keep the node from starting.
     */
    public void removeOrphans() {
        java.util.Set<String> live = java.util.Set.copyOf(dirs.existing());
        eachRunEngine(
                "remove orphans of node " + nodeId, engine -> engine.removeOrphans(nodeId, live));
    }

    /**
     * Lets every engine this node runs remove what it keeps for the execution (a container,
     * networks).
     */
    private void releaseEngineWork(String executionId) {
        eachRunEngine(
                "remove the work of execution "
                        + executionId
                        + " on node "
                        + nodeId
                        + " (the fence sweep retries)",
                engine -> engine.release(executionId));
    }

    /**
     * Gives every engine this node runs {@code work}; one that fails is logged and skipped, since
     * clean-up of one engine must not keep the others (or the node) from going on.
     */
    private void eachRunEngine(String what, java.util.function.Consumer<Engine> work) {
        engines.forEach(
                (type, engine) -> {
                    if (policy.runsEngine(type)) {
                        try {
                            work.accept(engine);
                        } catch (RuntimeException e) {
                            log.warn("engine {} could not {}", type, what, e);
                        }
                    }
                });
    }

    /**
     * Fences an execution that was superseded (placed again, stopped, its job ended) while this
     * node was away: kills and removes its work, frees its reservation, ports and directories. Does
     * nothing to an execution an activity of this worker is following.
     *
     * @return false when it was being followed and was left alone
     */
    public boolean fence(String executionId) {
        if (isFollowing(executionId)) {
            return false;
        }
        log.info("fencing execution {} on node {}: it was superseded", executionId, nodeId);
        freeReservation(executionId);
        return true;
    }

    /**
     * The executions this node holds something of (directories, or work an engine keeps), with
     * their job IDs ("" when unknown).
     */
    public Map<String, String> heldExecutions() {
        Map<String, String> held = new java.util.TreeMap<>();
        for (String id : dirs.existing()) {
            held.put(id, dirs.jobOf(id).orElse(""));
        }
        eachRunEngine(
                "list its executions on node " + nodeId,
                engine ->
                        engine.executions(nodeId)
                                .forEach(
                                        (id, job) ->
                                                held.merge(
                                                        id, job, (a, b) -> a.isEmpty() ? b : a)));
        return held;
    }

    /** Whether a step of this worker is following the execution's engine run now. */
    public boolean isFollowing(String executionId) {
        return following.containsKey(executionId);
    }

    /** Stops the heartbeat scheduler; call when the worker shuts down. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private void deleteDirs(String executionId) {
        try {
            dirs.delete(executionId);
        } catch (UncheckedIOException | CaravelException e) {
            // The reservation is what other executions wait for; leftover files are found by orphan
            // clean-up.
            log.warn(
                    "could not delete the directories of execution {} on node {}",
                    executionId,
                    nodeId,
                    e);
        }
    }

    private ExecutionContext context(
            ExecutionRequest request,
            Job job,
            ExecutionDirs.Dirs d,
            StagedInputs inputs,
            Map<String, String> env,
            ExecutionContext.ProgressSink progress,
            BooleanSupplier cancelled) {
        return new ExecutionContext(
                job,
                request.executionId(),
                request.partitionIndex(),
                nodeId,
                request.claim(),
                d.root(),
                d.results(),
                d.logs(),
                inputs,
                env,
                progress,
                cancelled);
    }

    private Map<String, String> systemEnv(ExecutionRequest request) {
        Job job = request.job();
        return ExecutionEnv.system(
                request.executionId(),
                job.id(),
                job.type(),
                request.partitionIndex(),
                job.count(),
                ports(request));
    }

    /**
     * The task's port mappings with the host ports this node holds for the execution, allocated on
     * first use (staging, before the engine starts anything) and kept until {@link #release}.
     */
    private List<PortMapping> ports(ExecutionRequest request) {
        NetworkConfig network = task(request).network();
        if (network.ports().isEmpty()) {
            return network.ports();
        }
        return hostPorts.allocate(
                request.executionId(), policy.effectiveNetwork(network.type()), network.ports());
    }

    private Map<String, String> resolveEnv(Map<String, String> taskEnv) {
        Map<String, String> resolved = new LinkedHashMap<>();
        taskEnv.forEach((name, value) -> resolved.put(name, hostEnv.resolve(name, value)));
        return resolved;
    }

    /**
     * The task's execution timeout, enforced by the node for batch and ops jobs as Bacalhau does.
     */
    private static long executionDeadline(Job job, Task task) {
        boolean timed =
                job.jobType().map(t -> t == JobType.BATCH || t == JobType.OPS).orElse(false);
        return timed ? Math.max(0, task.timeouts().effectiveExecutionTimeout()) : 0;
    }

    private static Job withNetwork(Job job, NetworkType type, List<PortMapping> ports) {
        Task task = job.tasks().get(0);
        if (task.network().type() == type && task.network().ports().equals(ports)) {
            return job;
        }
        NetworkConfig network = new NetworkConfig(type, task.network().domains(), ports);
        List<Task> tasks = new ArrayList<>(job.tasks());
        tasks.set(0, task.toBuilder().network(network).build());
        return job.toBuilder().tasks(tasks).build();
    }

    private static Task task(ExecutionRequest request) {
        return request.job()
                .task()
                .orElseThrow(
                        () ->
                                ActivityFailures.of(
                                        new CaravelException(
                                                ErrorCode.SPEC_INVALID,
                                                "job " + request.job().id() + " has no task",
                                                "give the job one task")));
    }

    private static <T> Map<String, T> byKey(String kind, Map<String, T> providers) {
        Map<String, T> out = new LinkedHashMap<>();
        if (providers != null) {
            providers.forEach(
                    (key, provider) -> {
                        String k = key.trim().toLowerCase(Locale.ROOT);
                        if (out.putIfAbsent(k, Objects.requireNonNull(provider, kind + " " + key))
                                != null) {
                            throw new IllegalArgumentException(
                                    "two " + kind + " providers for type " + k);
                        }
                    });
        }
        return Map.copyOf(out);
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
