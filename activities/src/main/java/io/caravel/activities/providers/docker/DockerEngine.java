package io.caravel.activities.providers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.WaitResponse;
import io.caravel.activities.files.FileTrees;
import io.caravel.activities.node.DiskLimit;
import io.caravel.activities.node.ResultsLayout;
import io.caravel.activities.providers.docker.egress.TargetAddresses;
import io.caravel.activities.spi.Engine;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.Task;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.docker.DockerEngineSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code docker} engine: runs the task in a container named {@code caravel-<executionId>} and
 * labelled with the execution, node and job ({@link DockerLabels}), built by {@link ContainerPlan}.
 * stdout and stderr stream from docker's log into the results layout as they come; the exit code is
 * the container's; a container the kernel OOM-killed fails the execution with Bacalhau's {@code
 * memory limit exceeded}; one that writes past its {@link DiskLimit} is killed by a {@link
 * DiskWatcher} and fails it with {@code disk limit exceeded}. When the execution is cancelled
 * (stop, activity timeout or the node's execution deadline) the container is killed at once.
 *
 * <p>An end the container's program did not cause (a daemon stop or restart, an operator's {@code
 * docker kill}, {@code stop} or {@code rm -f}) is not a result: {@link ContainerEndCheck} tells it
 * apart, from the daemon's events, and fails the execution with {@code EXECUTION_LOST}. Losing the
 * daemon while following a container is a retryable {@code NODE_FAILURE}, recorded in the execution
 * directory ({@link DaemonLoss}) for the attempt that re-attaches, as is Caravel's own kill ({@link
 * CaravelKill}). While the daemon does not answer, {@link #unavailability} says so and the node
 * claims no docker work.
 *
 * <p>{@code local} inputs are mounted as they were checked: {@link LocalMounts} refuses one that
 * changed since, or that a running container could still change, right before the container is
 * created and started.
 *
 * <p>The image is pulled in {@link #prepare}, which the node runs before the execution deadline
 * starts, so pull time never counts against the task's timeout.
 *
 * <p>Lifecycle: one container per execution, started once. It stays after the run (exited, or
 * killed on cancellation) until the execution is released ({@link #release}), so that an attempt
 * whose end never reached Temporal can be answered again from it. When the run is interrupted (the
 * worker is stopping, or a newer attempt takes over) the container is left running, and the same
 * execution run again re-attaches to it (its logs are read again from the start) instead of
 * starting a second one. {@link #removeOrphans} removes, at start-up, the containers of this node
 * whose execution directories are gone; executions superseded while the node was away are fenced
 * through {@link #release}.
 */
public final class DockerEngine implements Engine {
    private static final Logger log = LoggerFactory.getLogger(DockerEngine.class);

    /** Bacalhau's error message for an OOM-killed container. */
    public static final String MEMORY_LIMIT_EXCEEDED = "memory limit exceeded";

    static final String CANCELLED = "execution cancelled";
    private static final long POLL_MILLIS = 100;

    /** How long the log stream may take to deliver its last frames once the container has ended. */
    private static final long LOG_DRAIN_SECONDS = 30;

    /**
     * How many processes (threads included) one container may have unless the worker says
     * otherwise: room for ordinary parallel builds, while a fork bomb stops far below a host's
     * {@code pid_max}.
     */
    public static final long DEFAULT_PIDS_LIMIT = 2048;

    private final Supplier<DockerClient> docker;
    private final ResultsLayout layout;
    private final ContainerNetwork network;
    private final ImagePulls pulls;
    private final DaemonProbe probe;
    private final long pidsLimit;
    private final DiskLimit.Settings disk;

    /**
     * The containers this process created, by execution, for executions whose network has no
     * objects of its own (none, host, bridge): their container is all there is to remove, so a
     * release needs no look for the execution's objects.
     */
    private final Map<String, String> createdHere = new ConcurrentHashMap<>();

    /**
     * @param docker the daemon's client, asked for on first use only
     */
    public DockerEngine(
            Supplier<DockerClient> docker, ResultsLayout layout, ContainerNetwork network) {
        this(
                docker,
                layout,
                network,
                ImagePulls.DEFAULT,
                DEFAULT_PIDS_LIMIT,
                DiskLimit.Settings.DEFAULT);
    }

    private DockerEngine(
            Supplier<DockerClient> docker,
            ResultsLayout layout,
            ContainerNetwork network,
            ImagePulls pulls,
            long pidsLimit,
            DiskLimit.Settings disk) {
        this.docker = Objects.requireNonNull(docker, "docker");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.network = Objects.requireNonNull(network, "network");
        this.pulls = Objects.requireNonNull(pulls, "pulls");
        this.probe = DaemonProbe.of(docker);
        this.pidsLimit = pidsLimit;
        this.disk = Objects.requireNonNull(disk, "disk");
    }

    /**
     * Every network mode, HTTP through the egress proxy of {@link EgressContainerNetwork}.
     *
     * @param dockerHost the daemon, e.g. {@value DockerClients#DEFAULT_HOST}; connected on first
     *     use, so a node that lists no docker engine never needs a daemon
     */
    public DockerEngine(String dockerHost) {
        this(dockerHost, ImagePulls.DEFAULT);
    }

    /** As {@link #DockerEngine(String)}, getting absent images as {@code pulls} says. */
    public DockerEngine(String dockerHost, ImagePulls pulls) {
        this(DockerClients.lazy(dockerHost), pulls);
    }

    /**
     * Every network mode, HTTP through the egress proxy; {@code docker} is asked for on first use
     * only.
     */
    public DockerEngine(Supplier<DockerClient> docker, ImagePulls pulls) {
        this(docker, pulls, DEFAULT_PIDS_LIMIT);
    }

    /**
     * As {@link #DockerEngine(Supplier, ImagePulls)}, each container limited to {@code pidsLimit}
     * processes ({@value #DEFAULT_PIDS_LIMIT} by default; 0 or less: no limit).
     */
    public DockerEngine(Supplier<DockerClient> docker, ImagePulls pulls, long pidsLimit) {
        this(
                docker,
                new ResultsLayout(),
                new EgressContainerNetwork(docker),
                pulls,
                pidsLimit,
                DiskLimit.Settings.DEFAULT);
    }

    /**
     * As {@link #DockerEngine(Supplier, ImagePulls)}, enforcing disk limits as {@code disk} says.
     */
    public DockerEngine(Supplier<DockerClient> docker, ImagePulls pulls, DiskLimit.Settings disk) {
        this(
                docker,
                new ResultsLayout(),
                new EgressContainerNetwork(docker),
                pulls,
                DEFAULT_PIDS_LIMIT,
                disk);
    }

    /** As above, the egress proxy connecting only to addresses {@code egressTargets} permits. */
    public DockerEngine(
            Supplier<DockerClient> docker,
            ImagePulls pulls,
            long pidsLimit,
            TargetAddresses egressTargets) {
        this(docker, pulls, pidsLimit, egressTargets, DiskLimit.Settings.DEFAULT);
    }

    /** As above, enforcing disk limits as {@code disk} says. */
    public DockerEngine(
            Supplier<DockerClient> docker,
            ImagePulls pulls,
            long pidsLimit,
            TargetAddresses egressTargets,
            DiskLimit.Settings disk) {
        this(
                docker,
                new ResultsLayout(),
                new EgressContainerNetwork(docker, egressTargets),
                pulls,
                pidsLimit,
                disk);
    }

    @Override
    public String type() {
        return SpecTypes.ENGINE_DOCKER;
    }

    /**
     * While the daemon does not answer a ping (asked at most every 2 s), why: placement of docker
     * work pauses.
     */
    @Override
    public Optional<String> unavailability() {
        return probe.problem();
    }

    /**
     * Validates the params and pulls the image when absent (unless the execution's container exists
     * already).
     */
    @Override
    public void prepare(ExecutionContext execution) throws InterruptedException {
        DockerEngineSpec spec = DockerEngineSpec.decode(execution.task().engine());
        checkDisk(execution);
        try {
            // An image that is present is the common case: one call, and no look for the
            // execution's container unless a pull would be needed.
            ImagePuller puller = new ImagePuller(docker.get(), pulls);
            if (!puller.present(spec.image()) && existing(execution).isEmpty()) {
                puller.ensure(spec.image(), execution);
            }
        } catch (RuntimeException e) {
            throw DaemonFailures.translate(e);
        }
    }

    @Override
    public RunOutput run(ExecutionContext execution) throws InterruptedException {
        Task task = execution.task();
        DockerEngineSpec spec = DockerEngineSpec.decode(task.engine());
        checkDisk(execution);
        DockerClient client = docker.get();
        Path resultDirs = ResultDirs.root(execution.executionDir());
        try {
            Optional<Container> found = existing(execution);
            String containerId;
            Instant startedBefore = null;
            if (found.isPresent()) {
                containerId = found.get().getId();
                log.info(
                        "execution {}: re-attaching to its container {} ({})",
                        execution.executionId(),
                        containerId,
                        found.get().getState());
                execution.progress().report("docker: re-attached to container " + containerId);
                // The network's own objects may have died with the previous worker (the egress
                // proxy): open them again.
                network.attach(execution.executionId(), task.network());
                if ("created".equals(found.get().getState())) {
                    String created = containerId;
                    LocalMounts.checkedStart(
                            client, execution, LocalMounts.action(() -> start(client, created)));
                }
            } else {
                DiskWatcher.clear(execution.executionDir());
                ResultDirs.create(resultDirs, task.resultPaths());
                ContainerNetwork.Attachment attachment =
                        network.attach(execution.executionId(), task.network());
                ContainerPlan plan =
                        new ContainerPlan(execution, spec, attachment, resultDirs, pidsLimit);
                startedBefore = Instant.now();
                // prepare made the image present; it is pulled here only when it went away since.
                containerId = createAndStart(client, execution, plan, spec.image(), true);
                if (containerId == null) {
                    if (!new ImagePuller(client, pulls).ensure(spec.image(), execution)) {
                        return cancelled();
                    }
                    containerId = createAndStart(client, execution, plan, spec.image(), false);
                }
                if (DirectContainerNetwork.madeNoObjects(attachment)) {
                    createdHere.put(execution.executionId(), containerId);
                }
                execution
                        .progress()
                        .report("docker: running " + spec.image() + " in " + containerId);
            }
            try {
                return follow(client, containerId, startedBefore, execution, resultDirs);
            } catch (IOException | RuntimeException e) {
                if (interruptedBy(e)) {
                    // The worker is stopping: docker-java reports the interrupted call as a closed
                    // channel.
                    Thread.interrupted();
                    InterruptedException interrupted =
                            new InterruptedException(
                                    "interrupted while following container " + containerId);
                    interrupted.initCause(e);
                    throw interrupted;
                }
                if (!(e instanceof CaravelException)) {
                    // Whatever broke the following (the wait, the log or the event stream) may have
                    // been
                    // the daemon going away: the attempt that re-attaches must know it was not
                    // watching.
                    DaemonLoss.record(execution.executionDir(), containerId, e);
                }
                throw e;
            }
        } catch (InterruptedException e) {
            log.info(
                    "execution {}: interrupted; its container is left running for re-attachment",
                    execution.executionId());
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "docker engine could not prepare or write execution " + execution.executionId(),
                    e);
        } catch (RuntimeException e) {
            throw DaemonFailures.translate(e);
        }
    }

    private static boolean interruptedBy(Throwable e) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /** A container runs outside the worker: a restarted worker re-attaches to it. */
    @Override
    public boolean outlivesWorker() {
        return true;
    }

    /** Kills and removes the execution's container and its networks. */
    @Override
    public void release(String executionId) {
        cleanUp(new ExecutionObjects(docker.get()), executionId);
    }

    /** The executions with a container of node {@code nodeId}, running or not, with their jobs. */
    @Override
    public Map<String, String> executions(String nodeId) {
        Map<String, String> ids = new java.util.TreeMap<>();
        for (Container container :
                new ExecutionObjects(docker.get()).containers(DockerLabels.NODE, nodeId)) {
            String executionId = container.getLabels().get(DockerLabels.EXECUTION);
            if (executionId != null) {
                ids.put(executionId, container.getLabels().getOrDefault(DockerLabels.JOB, ""));
            }
        }
        return ids;
    }

    /**
     * Removes the containers (and networks) of node {@code nodeId} whose execution is not in {@code
     * live}: an execution is gone once the node released it, which deletes its directory.
     */
    @Override
    public void removeOrphans(String nodeId, Set<String> live) {
        ExecutionObjects objects = new ExecutionObjects(docker.get());
        for (Container container : objects.containers(DockerLabels.NODE, nodeId)) {
            String executionId = container.getLabels().get(DockerLabels.EXECUTION);
            if (executionId != null && !live.contains(executionId)) {
                log.info(
                        "removing orphan container {} of execution {} (node {})",
                        container.getId(),
                        executionId,
                        nodeId);
                cleanUp(objects, executionId);
            }
        }
    }

    /**
     * Streams the logs, waits for the end (killing on cancellation) and writes the results.
     *
     * @param startedBefore a time before this attempt started the container; null when it
     *     re-attached to one
     */
    private RunOutput follow(
            DockerClient client,
            String containerId,
            Instant startedBefore,
            ExecutionContext execution,
            Path resultDirs)
            throws InterruptedException, IOException {
        Task task = execution.task();
        try (ResultsLayout.Writer writer = layout.open(execution.resultsDir());
                LogPump pump =
                        client.logContainerCmd(containerId)
                                .withStdOut(true)
                                .withStdErr(true)
                                .withFollowStream(true)
                                .exec(new LogPump(writer.stdout(), writer.stderr()));
                ContainerEndCheck endCheck =
                        ContainerEndCheck.open(client, containerId, startedBefore);
                StreamCompletion<WaitResponse> wait =
                        client.waitContainerCmd(containerId).exec(new StreamCompletion<>())) {
            DiskWatcher disk =
                    new DiskWatcher(
                            DiskWatcher.client(docker),
                            containerId,
                            resultDirs,
                            DiskLimit.of(execution, this.disk.defaultTaskDiskBytes()),
                            this.disk.watchInterval());
            boolean overDisk = DiskWatcher.recorded(execution.executionDir());
            if (overDisk) {
                kill(client, containerId); // re-attached to a container that went past its limit
            }
            while (!wait.ended(POLL_MILLIS)) {
                if (execution.cancelled().getAsBoolean()) {
                    CaravelKill.record(execution.executionDir());
                    kill(client, containerId);
                    return cancelled();
                }
                if (!overDisk && disk.overLimit()) {
                    overDisk = true;
                    log.info(
                            "execution {}: container {} wrote {} bytes, over its disk limit of {}: killing it",
                            execution.executionId(),
                            containerId,
                            disk.lastMeasured(),
                            disk.limit().bytes());
                    DiskWatcher.record(execution.executionDir(), disk.limit(), disk.lastMeasured());
                    kill(client, containerId);
                }
            }
            if (wait.error() != null || !wait.received()) {
                // The wait stream broke (daemon stopped or crashed, connection lost): fail,
                // retryably, and
                // remember it, so that the attempt that re-attaches can tell what ended the
                // container.
                Throwable cause =
                        wait.error() != null
                                ? wait.error()
                                : new IOException(
                                        "the wait on the container ended without its exit status");
                endCheck.requireNotRemoved(execution);
                DaemonLoss.record(execution.executionDir(), containerId, cause);
                throw DaemonFailures.lostWhileFollowing(containerId, cause);
            }
            // A container ended by the daemon or an operator (not by its program) is not a result;
            // one
            // the node killed at its disk limit is failed below.
            if (!overDisk
                    && endCheck.requireNotLost(execution) == ContainerEndCheck.Cause.CARAVEL) {
                return cancelled(); // killed by an earlier attempt's cancellation, found again on
                // re-attach
            }
            if (pump.ended(TimeUnit.SECONDS.toMillis(LOG_DRAIN_SECONDS))) {
                LogTail.recover(client, containerId, pump);
            } else {
                log.warn(
                        "execution {}: the log stream did not end within {}s of the container",
                        execution.executionId(),
                        LOG_DRAIN_SECONDS);
            }
            pump.throwIfFailed();
            // One inspect tells how the container ended and what its writable layer holds.
            Optional<InspectContainerResponse> sized = disk.inspectWithSize();
            InspectContainerResponse.ContainerState state =
                    (sized.isPresent()
                                    ? sized.get()
                                    : client.inspectContainerCmd(containerId).exec())
                            .getState();
            int exitCode =
                    state.getExitCodeLong() == null ? -1 : state.getExitCodeLong().intValue();
            if (overDisk || disk.overLimitAtEnd(sized)) {
                throw diskLimitExceeded(execution, writer, exitCode, disk, resultDirs);
            }
            ResultDirs.collect(resultDirs, task.resultPaths(), execution.resultsDir());
            if (Boolean.TRUE.equals(state.getOOMKilled())) {
                writer.finish(exitCode, MEMORY_LIMIT_EXCEEDED);
                throw new CaravelException(
                        ErrorCode.EXECUTION_FAILED,
                        MEMORY_LIMIT_EXCEEDED,
                        "raise Resources.Memory (the container was killed for using more than "
                                + task.resources().memory()
                                + ")");
            }
            return writer.finish(exitCode, "").runOutput();
        }
    }

    /**
     * Fails an execution whose container wrote past its disk limit ({@link DiskWatcher}): what it
     * wrote to its result paths leaves the node's storage at once, its streams are kept, and the
     * record lets an attempt that answers again say the same.
     */
    private static CaravelException diskLimitExceeded(
            ExecutionContext execution,
            ResultsLayout.Writer writer,
            int exitCode,
            DiskWatcher disk,
            Path resultDirs)
            throws IOException {
        if (!DiskWatcher.recorded(execution.executionDir())) {
            DiskWatcher.record(execution.executionDir(), disk.limit(), disk.lastMeasured());
        }
        FileTrees.delete(resultDirs);
        writer.finish(exitCode, disk.limit().message());
        return disk.limit().exceeded();
    }

    /**
     * The staged inputs must fit the task's {@code Resources.Disk}, before anything is pulled or
     * created.
     */
    static void checkDisk(ExecutionContext execution) {
        DiskLimit.requireInputsFit(execution);
    }

    private Optional<Container> existing(ExecutionContext execution) {
        return new ExecutionObjects(docker.get())
                .containers(DockerLabels.EXECUTION, execution.executionId()).stream()
                        .filter(
                                c ->
                                        execution
                                                .nodeId()
                                                .equals(c.getLabels().get(DockerLabels.NODE)))
                        .findFirst();
    }

    /**
     * Creates and starts the execution's container, its local inputs checked again right before
     * docker mounts them ({@link LocalMounts}); null when the image is absent and {@code
     * absentImageIsNull}.
     */
    private static String createAndStart(
            DockerClient client,
            ExecutionContext execution,
            ContainerPlan plan,
            String image,
            boolean absentImageIsNull) {
        return LocalMounts.checkedStart(
                client,
                execution,
                () -> {
                    String id = create(client, plan, image, absentImageIsNull);
                    if (id != null) {
                        start(client, id);
                    }
                    return id;
                });
    }

    private static String create(
            DockerClient client, ContainerPlan plan, String image, boolean absentImageIsNull) {
        try {
            return plan.applyTo(client.createContainerCmd(image)).exec().getId();
        } catch (NotFoundException e) {
            if (absentImageIsNull) {
                return null;
            }
            throw new CaravelException(
                    ErrorCode.EXECUTION_FAILED,
                    "image not available: \"" + image + "\"",
                    "check the image name and tag",
                    java.util.List.of(),
                    e);
        } catch (BadRequestException e) {
            // The daemon refused the container as specified (e.g. a memory limit below its
            // minimum).
            throw new CaravelException(
                    ErrorCode.EXECUTION_FAILED,
                    "failed to create container: " + message(e),
                    "check the task's Resources and engine params",
                    java.util.List.of(),
                    e);
        }
    }

    private static void start(DockerClient client, String containerId) {
        try {
            client.startContainerCmd(containerId).exec();
        } catch (DockerException e) {
            if (DaemonFailures.runtimeGoingAway(e)) {
                throw DaemonFailures.translate(
                        e); // a daemon stopping: the node's fault, retried on it
            }
            String message = message(e);
            String hint =
                    message.contains("executable file not found")
                            ? "the Entrypoint (or the image's) names a program that is not in the image"
                            : "check the image, Entrypoint, Parameters and WorkingDirectory";
            throw new CaravelException(
                    ErrorCode.EXECUTION_FAILED,
                    "failed to start container: " + message,
                    hint,
                    java.util.List.of(),
                    e);
        }
    }

    private static String message(DockerException e) {
        return e.getMessage() == null ? "" : e.getMessage().strip();
    }

    private static void kill(DockerClient client, String containerId) {
        try {
            client.killContainerCmd(containerId).exec();
        } catch (DockerException e) {
            // Already ended (409) or gone (404): nothing left to stop.
            log.debug("killing container {}: {}", containerId, e.getMessage());
        }
    }

    private void cleanUp(ExecutionObjects objects, String executionId) {
        String containerId = createdHere.remove(executionId);
        try {
            if (containerId != null) {
                objects.removeContainer(containerId);
            } else {
                network.release(executionId);
                objects.removeExecution(executionId);
            }
        } catch (RuntimeException e) {
            // Whatever is left is removed by the orphan sweep of the next start-up.
            log.warn("could not remove the docker objects of execution {}", executionId, e);
        }
    }

    private static RunOutput cancelled() {
        return new RunOutput("", false, "", false, 0, CANCELLED);
    }
}
