package io.caravel.activities.node;

import io.caravel.activities.files.FileTrees;
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
import io.caravel.workflows.activities.ExecutionRequest;
import io.caravel.workflows.activities.NodeActivities;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import io.caravel.workflows.activities.StagedInputs;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
 * timeout (batch and ops jobs). Every failure leaves through {@link Failures}.
 */
public final class NodeActivitiesImpl implements NodeActivities, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeActivitiesImpl.class);

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

    /**
     * The provider maps are keyed by type; keys are compared trimmed and lower-cased.
     *
     * @throws IllegalArgumentException when two keys of one map are the same type
     */
    public NodeActivitiesImpl(String nodeId, ExecutionDirs dirs, NodePolicy policy, NodeLedger ledger,
            Map<String, Engine> engines, Map<String, InputSourceProvider> sources, Map<String, Publisher> publishers,
            HostEnvResolver hostEnv) {
        this(nodeId, dirs, policy, ledger, engines, sources, publishers, hostEnv,
                new HostPortAllocator(PortRange.DEFAULT));
    }

    /** As above, with the allocator of the host ports of {@code Static: 0} mappings. */
    public NodeActivitiesImpl(String nodeId, ExecutionDirs dirs, NodePolicy policy, NodeLedger ledger,
            Map<String, Engine> engines, Map<String, InputSourceProvider> sources, Map<String, Publisher> publishers,
            HostEnvResolver hostEnv, HostPortAllocator hostPorts) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.dirs = Objects.requireNonNull(dirs, "dirs");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.engines = byKey("engine", engines);
        this.sources = byKey("input source", sources);
        this.publishers = byKey("publisher", publishers);
        this.hostEnv = Objects.requireNonNull(hostEnv, "hostEnv");
        this.hostPorts = Objects.requireNonNull(hostPorts, "hostPorts");
        this.scheduler = Executors.newScheduledThreadPool(2, daemonThreads("caravel-heartbeat-" + nodeId));
    }

    @Override
    public void checkNetwork(ExecutionRequest request) {
        Task task = task(request);
        NetworkType type = task.network().type();
        if (!policy.acceptsNetwork(type)) {
            throw Failures.networkRefused("network mode " + type.canonical() + " is not accepted by node " + nodeId
                    + "; it accepts: " + policy.acceptedNetworkNames()
                    + "\nhint: run the task with Network None, or on a node whose operator accepts "
                    + type.canonical());
        }
    }

    @Override
    public StagedInputs stageInputs(ExecutionRequest request) {
        try {
            return stage(request);
        } catch (Exception e) {
            throw Failures.translate(Failures.Step.STAGING, nodeId, e);
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
                throw Failures.unsupportedType("input source", nodeId, type, sources.keySet());
            }
            providers.add(provider);
        }
        ExecutionDirs.Dirs d = dirs.create(request.executionId());
        ActivityExecutionContext activity = Activity.getExecutionContext();
        List<StagedInput> staged = new ArrayList<>();
        try (Heartbeater beat = Heartbeater.start(activity, scheduler, "staging " + inputs.size() + " inputs", 0)) {
            ExecutionContext context = context(request, request.job(), d, StagedInputs.NONE,
                    systemEnv(request), beat::report, beat::stopRequested);
            for (int i = 0; i < inputs.size(); i++) {
                beat.throwIfStopped(0);
                // One directory per input, so two sources with the same file name cannot collide.
                Path scratch = d.inputs().resolve(Integer.toString(i));
                Files.createDirectories(scratch);
                staged.add(providers.get(i).stage(inputs.get(i), scratch, context));
                beat.report("staged " + (i + 1) + " of " + inputs.size() + " inputs, " + Quantities.formatBytes(
                        new StagedInputs(staged).totalBytes()));
            }
            beat.throwIfStopped(0);
        }
        log.info("staged {} inputs of execution {}", staged.size(), request.executionId());
        return new StagedInputs(staged);
    }

    @Override
    public RunOutput execute(ExecutionRequest request, StagedInputs inputs) {
        RunOutput output;
        try {
            output = run(request, inputs == null ? StagedInputs.NONE : inputs);
        } catch (Exception e) {
            throw Failures.translate(Failures.Step.EXECUTION, nodeId, e);
        }
        if (request.executeReleases(output)) {
            releaseAfterLastStep(request);
        }
        return output;
    }

    private RunOutput run(ExecutionRequest request, StagedInputs inputs) throws InterruptedException {
        Task task = task(request);
        String type = task.engine() == null ? "" : task.engine().typeKey();
        Engine engine = engines.get(type);
        if (engine == null) {
            throw Failures.unsupportedType("engine", nodeId, type, engines.keySet());
        }
        Map<String, String> env = ExecutionEnv.merge(resolveEnv(task.env()), systemEnv(request));
        Job job = withNetwork(request.job(), policy.effectiveNetwork(task.network().type()), ports(request));
        // A retried execution on this node starts from an empty results layout.
        dirs.resetResults(request.executionId());
        ExecutionDirs.Dirs d = dirs.of(request.executionId());
        long deadline = executionDeadline(request.job(), task);
        ActivityExecutionContext activity = Activity.getExecutionContext();
        // Preparation (e.g. an image pull) heartbeats too, but before the execution deadline starts.
        try (Heartbeater beat = Heartbeater.startDeferred(activity, scheduler, "preparing " + type + " engine")) {
            engine.prepare(context(request, job, d, inputs, env, beat::report, beat::stopRequested));
            beat.throwIfStopped(0);
        }
        try (Heartbeater beat = Heartbeater.start(activity, scheduler, "running " + type + " engine", deadline)) {
            ExecutionContext context = context(request, job, d, inputs, env, beat::report, beat::stopRequested);
            RunOutput output;
            try {
                output = engine.run(context);
            } catch (RuntimeException | InterruptedException e) {
                // An engine stopped by cancellation or the deadline often fails on its way out; say why it stopped.
                beat.throwIfStopped(deadline);
                throw e;
            }
            beat.throwIfStopped(deadline);
            log.info("execution {} ended on node {} with exit code {}{}", request.executionId(), nodeId,
                    output.exitCode(), output.failed() ? ": " + output.errorMsg() : "");
            return ResultsLayout.summarize(output);
        }
    }

    @Override
    public SpecConfig publish(ExecutionRequest request) {
        SpecConfig published;
        try {
            published = publishResults(request);
        } catch (Exception e) {
            throw Failures.translate(Failures.Step.PUBLISHING, nodeId, e);
        }
        if (request.releaseWhenDone()) {
            releaseAfterLastStep(request);
        }
        return published;
    }

    private SpecConfig publishResults(ExecutionRequest request) throws InterruptedException, IOException {
        Task task = task(request);
        if (task.publisher().isEmpty()) {
            return SpecConfig.EMPTY;
        }
        String type = task.publisher().typeKey();
        Publisher publisher = publishers.get(type);
        if (publisher == null) {
            throw Failures.unsupportedType("publisher", nodeId, type, publishers.keySet());
        }
        ExecutionDirs.Dirs d = dirs.create(request.executionId());
        ActivityExecutionContext activity = Activity.getExecutionContext();
        String size = Quantities.formatBytes(FileTrees.regularFileBytes(d.results()));
        try (Heartbeater beat = Heartbeater.start(activity, scheduler, "publishing " + size + " of results with "
                + type, 0)) {
            ExecutionContext context = context(request, request.job(), d, StagedInputs.NONE, systemEnv(request),
                    beat::report, beat::stopRequested);
            SpecConfig published = publisher.publish(context);
            beat.throwIfStopped(0);
            log.info("published execution {} ({} of results) with {}", request.executionId(), size, type);
            return published == null ? SpecConfig.EMPTY : published;
        }
    }

    @Override
    public void release(NodeClaim claim) {
        try {
            freeReservation(claim.reservationId());
        } catch (Exception e) {
            throw Failures.translate(Failures.Step.RELEASE, nodeId, e);
        }
    }

    /**
     * The release the workflow no longer asks for when the last step returns. It must not turn a
     * finished step into a failed one: what it cannot free is logged, and orphan clean-up at the
     * next start removes leftover directories.
     */
    private void releaseAfterLastStep(ExecutionRequest request) {
        try {
            freeReservation(request.claim().reservationId());
        } catch (RuntimeException e) {
            log.warn("execution {} finished, but its reservation on node {} was not freed", request.executionId(),
                    nodeId, e);
        }
    }

    private void freeReservation(String executionId) {
        boolean released = ledger.release(executionId);
        hostPorts.release(executionId);
        deleteDirs(executionId);
        log.info("released execution {} on node {}{}", executionId, nodeId, released ? "" : " (nothing held)");
    }

    /**
     * Lets every engine this node runs remove what it left for executions that are gone (their
     * directories deleted by {@link #release}); call once when the worker starts. A failing engine
     * is logged and skipped: clean-up must not keep the node from starting.
     */
    public void removeOrphans() {
        java.util.Set<String> live = java.util.Set.copyOf(dirs.existing());
        engines.forEach((type, engine) -> {
            if (policy.runsEngine(type)) {
                try {
                    engine.removeOrphans(nodeId, live);
                } catch (RuntimeException e) {
                    log.warn("engine {} could not remove orphans of node {}", type, nodeId, e);
                }
            }
        });
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
            // The reservation is what other executions wait for; leftover files are found by orphan clean-up.
            log.warn("could not delete the directories of execution {} on node {}", executionId, nodeId, e);
        }
    }

    private ExecutionContext context(ExecutionRequest request, Job job, ExecutionDirs.Dirs d, StagedInputs inputs,
            Map<String, String> env, ExecutionContext.ProgressSink progress, BooleanSupplier cancelled) {
        return new ExecutionContext(job, request.executionId(), request.partitionIndex(), nodeId, request.claim(),
                d.root(), d.results(), d.logs(), inputs, env, progress, cancelled);
    }

    private Map<String, String> systemEnv(ExecutionRequest request) {
        Job job = request.job();
        return ExecutionEnv.system(request.executionId(), job.id(), job.type(), request.partitionIndex(),
                job.count(), ports(request));
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
        return hostPorts.allocate(request.executionId(), policy.effectiveNetwork(network.type()), network.ports());
    }

    private Map<String, String> resolveEnv(Map<String, String> taskEnv) {
        Map<String, String> resolved = new LinkedHashMap<>();
        taskEnv.forEach((name, value) -> resolved.put(name, hostEnv.resolve(name, value)));
        return resolved;
    }

    /** The task's execution timeout, enforced by the node for batch and ops jobs as Bacalhau does. */
    private static long executionDeadline(Job job, Task task) {
        boolean timed = job.jobType().map(t -> t == JobType.BATCH || t == JobType.OPS).orElse(false);
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
        return request.job().task().orElseThrow(() -> Failures.of(new CaravelException(ErrorCode.SPEC_INVALID,
                "job " + request.job().id() + " has no task", "give the job one task")));
    }

    private static <T> Map<String, T> byKey(String kind, Map<String, T> providers) {
        Map<String, T> out = new LinkedHashMap<>();
        if (providers != null) {
            providers.forEach((key, provider) -> {
                String k = key.trim().toLowerCase(Locale.ROOT);
                if (out.putIfAbsent(k, Objects.requireNonNull(provider, kind + " " + key)) != null) {
                    throw new IllegalArgumentException("two " + kind + " providers for type " + k);
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
