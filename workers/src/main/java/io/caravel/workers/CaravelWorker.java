package io.caravel.workers;

import io.caravel.activities.placement.NodeLedger;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.registry.NodeHeartbeater;
import io.caravel.workers.tuning.LedgerSlotSupplier;
import io.caravel.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.tuning.CompositeTuner;
import io.temporal.worker.tuning.FixedSizeSlotSupplier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's Temporal workers and their lifecycle. {@link #start()} polls {@link
 * TaskQueues#DEFAULT} (workflows, registry activities), the node's own queue, and the placement
 * queues the node qualifies for: CPU always, GPU when it has GPUs. Placement workers poll only
 * while the node's ledger has room ({@link LedgerSlotSupplier}). Then the node starts its registry
 * heartbeats.
 *
 * <p>{@link #stop()} is graceful: the node leaves the registry, polling stops, running tasks get
 * the grace period to finish and are interrupted after it.
 */
public final class CaravelWorker {
    /** How long to wait for interrupted tasks after the grace period before giving up on them. */
    static final Duration AFTER_INTERRUPT_WAIT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(CaravelWorker.class);

    /**
     * The longest the SDK holds back a node step's heartbeat. A stop, a cancellation or a job
     * timeout reaches a running step only in the answer to a heartbeat, and without a cap the SDK
     * sends one every 0.8 × the heartbeat timeout (24 s at the default 30 s). With it, the node's
     * own beat (at most every 5 s) goes out at once, so a stopped execution is killed within
     * seconds.
     */
    static final Duration NODE_HEARTBEAT_THROTTLE = Duration.ofSeconds(2);

    private final WorkflowClient client;
    private final Settings settings;
    private final NodeLedger ledger;
    private final Registrar registrar;
    private final NodeHeartbeater heartbeater;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<String> taskQueues = new ArrayList<>();
    private WorkerFactory factory;
    private State state = State.NEW;

    private enum State {
        NEW,
        STARTED,
        STOPPED
    }

    /**
     * What a worker needs to know of the configuration.
     *
     * @param nodeId this node's id
     * @param placementSlots placement claims each placement worker may poll for and run at once
     * @param shutdownGracePeriod how long running tasks may take to finish on {@link #stop()}
     */
    public record Settings(String nodeId, int placementSlots, Duration shutdownGracePeriod) {
        public Settings {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(shutdownGracePeriod, "shutdownGracePeriod");
        }

        public static Settings from(WorkerConfig config) {
            return new Settings(
                    config.nodeId(), config.placementSlots(), config.shutdownGracePeriod());
        }
    }

    /**
     * @param client a client of the namespace to poll, with Caravel's data converter
     * @param ledger this node's ledger; its GPU capacity decides whether the GPU queue is polled
     * @param registrar registers the implementations on each worker
     * @param heartbeater keeps the node in the registry while started
     */
    public CaravelWorker(
            WorkflowClient client,
            Settings settings,
            NodeLedger ledger,
            Registrar registrar,
            NodeHeartbeater heartbeater) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.registrar = Objects.requireNonNull(registrar, "registrar");
        this.heartbeater = Objects.requireNonNull(heartbeater, "heartbeater");
    }

    /** Creates the workers, starts polling, then starts the heartbeats. */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("a CaravelWorker starts once; this one is " + state);
        }
        factory = WorkerFactory.newInstance(client);

        Worker defaultWorker = factory.newWorker(TaskQueues.DEFAULT);
        registrar.registerDefault(defaultWorker);
        taskQueues.add(TaskQueues.DEFAULT);

        registrar.registerRegistry(factory.newWorker(TaskQueues.REGISTRY));
        taskQueues.add(TaskQueues.REGISTRY);

        String nodeQueue = TaskQueues.node(settings.nodeId());
        registrar.registerNode(
                factory.newWorker(
                        nodeQueue,
                        WorkerOptions.newBuilder()
                                .setMaxHeartbeatThrottleInterval(NODE_HEARTBEAT_THROTTLE)
                                .build()),
                settings.nodeId());
        taskQueues.add(nodeQueue);

        addPlacementWorker(
                TaskQueues.PLACEMENT_CPU,
                LedgerSlotSupplier.forCpuQueue(ledger, settings.placementSlots()));
        if (ledger.capacity().gpus() > 0) {
            addPlacementWorker(
                    TaskQueues.PLACEMENT_GPU,
                    LedgerSlotSupplier.forGpuQueue(ledger, settings.placementSlots()));
        }

        factory.start();
        registrar.started();
        heartbeater.start();
        state = State.STARTED;
        LOG.info(
                "Node {} polls {} in namespace {}",
                settings.nodeId(),
                taskQueues,
                client.getOptions().getNamespace());
    }

    private void addPlacementWorker(String queue, LedgerSlotSupplier slots) {
        // Only the activity slots matter here: placement queues carry claims and nothing else.
        WorkerOptions options =
                WorkerOptions.newBuilder()
                        .setWorkerTuner(
                                new CompositeTuner(
                                        new FixedSizeSlotSupplier<>(1),
                                        slots,
                                        new FixedSizeSlotSupplier<>(1),
                                        new FixedSizeSlotSupplier<>(1)))
                        .setMaxConcurrentActivityTaskPollers(settings.placementSlots())
                        .build();
        registrar.registerPlacement(factory.newWorker(queue, options), queue);
        taskQueues.add(queue);
    }

    /**
     * Stops gracefully: leaves the node registry, stops polling, waits up to the grace period for
     * running tasks, then interrupts them. Safe to call more than once and from a shutdown hook.
     */
    public void stop() {
        WorkerFactory f;
        synchronized (this) {
            if (state == State.STOPPED) {
                return;
            }
            boolean wasStarted = state == State.STARTED;
            state = State.STOPPED;
            f = wasStarted ? factory : null;
        }
        try {
            if (f != null) {
                LOG.info(
                        "Node {} is stopping; running tasks have {} ms to finish",
                        settings.nodeId(),
                        settings.shutdownGracePeriod().toMillis());
                heartbeater.stop();
                registrar.stopping();
                f.shutdown();
                if (!awaitTermination(f, settings.shutdownGracePeriod())) {
                    LOG.warn(
                            "Tasks still running after the grace period of {} ms; interrupting them",
                            settings.shutdownGracePeriod().toMillis());
                    f.shutdownNow();
                    awaitTermination(f, AFTER_INTERRUPT_WAIT);
                }
                LOG.info("Node {} stopped", settings.nodeId());
            }
        } finally {
            stopped.countDown();
        }
    }

    private static boolean awaitTermination(WorkerFactory f, Duration timeout) {
        try {
            f.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.warn("Waiting for the workers to stop failed", e);
        }
        return f.isTerminated();
    }

    /** Blocks until {@link #stop()} has finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /**
     * The task queues polled, in the order their workers were created; empty before {@link
     * #start()}.
     */
    public synchronized List<String> taskQueues() {
        return List.copyOf(taskQueues);
    }

    /** Whether the worker has started and not stopped. */
    public synchronized boolean isRunning() {
        return state == State.STARTED;
    }
}
