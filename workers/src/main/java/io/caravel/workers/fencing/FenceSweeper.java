package io.caravel.workers.fencing;

import io.caravel.activities.node.NodeActivitiesImpl;
import io.caravel.workers.fencing.ExecutionStanding.Standing;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fences the executions this node holds something of (a container, directories) that Temporal no
 * longer wants: placed again elsewhere while the node was away, stopped, timed out, or whose job
 * ended. Runs when the worker starts and then every {@link #INTERVAL}, so a node that comes back
 * kills and removes its superseded work within seconds, and so does a node that was cut off from
 * the server. Executions a step of this worker is following are left alone.
 */
public final class FenceSweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FenceSweeper.class);

    /** Time between two sweeps. */
    public static final Duration INTERVAL = Duration.ofSeconds(10);

    private final NodeActivitiesImpl node;
    private final ExecutionStanding standing;
    private ScheduledExecutorService scheduler;

    public FenceSweeper(NodeActivitiesImpl node, ExecutionStanding standing) {
        this.node = Objects.requireNonNull(node, "node");
        this.standing = Objects.requireNonNull(standing, "standing");
    }

    /** Starts sweeping at once, then every {@link #INTERVAL}. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "caravel-fence-sweeper");
                            t.setDaemon(true);
                            return t;
                        });
        scheduler.scheduleWithFixedDelay(
                this::sweepQuietly, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * One sweep: asks Temporal about every held execution and fences the superseded ones.
     *
     * @return how many were fenced
     */
    public int sweep() {
        int fenced = 0;
        for (Map.Entry<String, String> held : node.heldExecutions().entrySet()) {
            String executionId = held.getKey();
            String jobId = held.getValue();
            if (jobId.isEmpty() || node.isFollowing(executionId)) {
                continue;
            }
            if (standing.of(jobId, executionId) == Standing.SUPERSEDED && node.fence(executionId)) {
                fenced++;
            }
        }
        return fenced;
    }

    private void sweepQuietly() {
        try {
            int fenced = sweep();
            if (fenced > 0) {
                LOG.info("fenced {} superseded execution{}", fenced, fenced == 1 ? "" : "s");
            }
        } catch (RuntimeException e) {
            LOG.warn("the fence sweep failed; trying again in {}", INTERVAL, e);
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
