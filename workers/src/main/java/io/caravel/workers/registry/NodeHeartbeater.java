package io.caravel.workers.registry;

import io.caravel.workflows.NodeRegistryWorkflow;
import io.caravel.workflows.TaskQueues;
import io.caravel.workflows.model.NodeInfo;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node in the node registry: every interval it signals {@code heartbeat} with the node's
 * description to {@link NodeRegistryWorkflow}, starting the registry when it is not running
 * (signal-with-start), and signals {@code leave} when stopped. A failed heartbeat is logged and
 * tried again at the next interval; the worker keeps running.
 */
public final class NodeHeartbeater implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeater.class);

    private final WorkflowClient client;
    private final Supplier<NodeInfo> node;
    private final Duration interval;
    private ScheduledExecutorService scheduler;
    private boolean failing;

    /** The node ID of the last description that did not fail: the ID the node leaves under. */
    private volatile String lastNodeId;

    /**
     * @param client a client of the namespace the registry lives in, with Caravel's data converter
     * @param node this node, read for each heartbeat
     * @param interval the time between two heartbeats
     */
    public NodeHeartbeater(WorkflowClient client, Supplier<NodeInfo> node, Duration interval) {
        this.client = Objects.requireNonNull(client, "client");
        this.node = Objects.requireNonNull(node, "node");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException(
                    "the heartbeat interval must be positive, got " + interval);
        }
        this.interval = interval;
    }

    /** Sends the first heartbeat now and then one every interval, on a thread of its own. */
    public synchronized void start() {
        if (scheduler != null) {
            throw new IllegalStateException("the heartbeater is already started");
        }
        scheduler =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "caravel-node-heartbeat");
                            t.setDaemon(true);
                            return t;
                        });
        scheduler.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Sends one heartbeat now.
     *
     * @return whether the registry received it
     */
    public boolean beat() {
        NodeInfo info = null;
        try {
            // Inside the try: an exception escaping a scheduled beat would end every later one.
            info = node.get();
            lastNodeId = info.nodeId();
            NodeRegistryWorkflow registry =
                    client.newWorkflowStub(
                            NodeRegistryWorkflow.class,
                            WorkflowOptions.newBuilder()
                                    .setWorkflowId(NodeRegistryWorkflow.WORKFLOW_ID)
                                    .setTaskQueue(TaskQueues.REGISTRY)
                                    .build());
            BatchRequest request = client.newSignalWithStartRequest();
            request.add(registry::run, Map.<String, NodeInfo>of());
            request.add(registry::heartbeat, info);
            client.signalWithStart(request);
            synchronized (this) {
                if (failing) {
                    LOG.info("Heartbeats of node {} reach the node registry again", info.nodeId());
                }
                failing = false;
            }
            return true;
        } catch (RuntimeException e) {
            String who = info == null ? "(its description failed)" : info.nodeId();
            synchronized (this) {
                if (!failing) {
                    LOG.warn(
                            "Heartbeat of node {} failed; trying again every {} ms",
                            who,
                            interval.toMillis(),
                            e);
                } else {
                    LOG.debug("Heartbeat of node {} failed again", who, e);
                }
                failing = true;
            }
            return false;
        }
    }

    /**
     * Stops the heartbeats and tells the registry this node leaves. Safe to call more than once.
     */
    public void stop() {
        ScheduledExecutorService s;
        synchronized (this) {
            s = scheduler;
            scheduler = null;
        }
        if (s == null) {
            return;
        }
        s.shutdownNow();
        try {
            s.awaitTermination(interval.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The node ID never changes: a stop describes the node (probing its engines) only when no
        // heartbeat ever did, and must not fail on a description that fails now.
        String nodeId = lastNodeId;
        if (nodeId == null) {
            try {
                nodeId = node.get().nodeId();
            } catch (RuntimeException e) {
                LOG.debug("Node description failed while leaving", e);
            }
        }
        if (nodeId == null) {
            LOG.warn(
                    "Could not tell the node registry that this node leaves: its description never"
                            + " succeeded; it will count as disconnected once its heartbeats stop");
            return;
        }
        try {
            client.newWorkflowStub(NodeRegistryWorkflow.class, NodeRegistryWorkflow.WORKFLOW_ID)
                    .leave(nodeId);
            LOG.info("Node {} left the node registry", nodeId);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not tell the node registry that node {} leaves; it will count as disconnected once its"
                            + " heartbeats stop",
                    nodeId,
                    e);
        }
    }

    /** Whether heartbeats are being sent. */
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public void close() {
        stop();
    }
}
