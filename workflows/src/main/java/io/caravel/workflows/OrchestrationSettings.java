package io.caravel.workflows;

import java.time.Duration;
import java.util.Objects;

/**
 * The worker-side settings of {@code JobWorkflow}: how long to wait for a node, how lost nodes are
 * detected, how often an execution is retried. Every worker of a deployment must use the same
 * values, because they shape workflow histories. Built with {@link #builder()}; defaults are named
 * constants.
 *
 * @param nodeScheduleToStart how long a node-queue activity may wait to be picked up before the
 *     node counts as lost
 * @param heartbeatTimeout how long a running execution may go without a heartbeat before its node
 *     counts as stopped (the execution is then offered to the same node again for the grace period)
 * @param nodeGracePeriod how long a node that stopped (killed, restarting, its container runtime
 *     down) may take to pick its running execution up again before the partition is placed
 *     elsewhere under a new execution ID; longer than a worker restart takes
 * @param maxAttempts executions per partition (the first plus retries on other nodes)
 * @param placementRetry pause between two claims of one execution
 * @param stagingTimeout longest input staging
 * @param publishingTimeout longest publishing
 * @param defaultExecutionTimeout execution timeout when the job sets none
 * @param nodeListStaleAfter a node without heartbeat for this long counts as disconnected
 * @param useSearchAttributes upsert {@code CaravelJobState}, {@code CaravelJobType}, {@code
 *     CaravelJobName}, {@code CaravelNamespace}; the server must have them registered
 * @param defaultPublisher publisher type given to batch and ops tasks that name none, as Bacalhau's
 *     orchestrator does; "" for none
 * @param maxConcurrentPartitions partitions of one batch job placed and run at once; the next
 *     starts when one ends. Each running partition holds a workflow thread of the worker (a pool of
 *     600 by default, shared by every cached workflow) and pending activities on the server (2,000
 *     per workflow by default), so a job with a large {@code Count} must not start them all. A job
 *     records the value when it starts, so changing it affects new jobs only.
 * @param restartBackoff pause before a {@code service} or {@code daemon} replica whose execution
 *     ended is started again; it doubles with each execution in a row that ended within {@code
 *     restartBackoffMax} of its start (a crash loop)
 * @param restartBackoffMax the longest such pause; an execution that ran at least this long resets
 *     the crash count
 * @param daemonNodeCheck how often a {@code daemon} job reads the node list to start an execution
 *     on a node that joined and end the one of a node that left
 * @param longRunningHistory history events after which a {@code service} or {@code daemon} job
 *     continues as new (sooner when the server suggests it), carrying its replicas over
 */
public record OrchestrationSettings(
        Duration nodeScheduleToStart,
        Duration heartbeatTimeout,
        Duration nodeGracePeriod,
        int maxAttempts,
        Duration placementRetry,
        Duration stagingTimeout,
        Duration publishingTimeout,
        Duration defaultExecutionTimeout,
        Duration nodeListStaleAfter,
        boolean useSearchAttributes,
        String defaultPublisher,
        int maxConcurrentPartitions,
        int partitionsPerChunk,
        Duration restartBackoff,
        Duration restartBackoffMax,
        Duration daemonNodeCheck,
        int longRunningHistory) {

    public static final Duration DEFAULT_NODE_SCHEDULE_TO_START = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_NODE_GRACE_PERIOD = Duration.ofMinutes(2);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_PLACEMENT_RETRY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_STAGING_TIMEOUT = Duration.ofHours(1);
    public static final Duration DEFAULT_PUBLISHING_TIMEOUT = Duration.ofHours(1);
    public static final Duration DEFAULT_EXECUTION_TIMEOUT = Duration.ofHours(24);
    public static final Duration DEFAULT_NODE_LIST_STALE_AFTER = Duration.ofSeconds(30);

    /**
     * A sixth of the SDK's default workflow thread pool (600), so several big jobs and many small
     * ones share one worker, and a twentieth of the server's pending-activity limit per workflow;
     * more than the executions one node runs at once (its CPUs), so one job still fills a few
     * nodes.
     */
    public static final int DEFAULT_MAX_CONCURRENT_PARTITIONS = 100;

    /**
     * About 6,300 events and 3 MB of history per chunk of noop partitions (12.5 events, 6 KB each),
     * an eighth of Temporal's hard limits, leaving room for retries, inputs and a publisher.
     */
    public static final int DEFAULT_PARTITIONS_PER_CHUNK = 500;

    public static final Duration DEFAULT_RESTART_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RESTART_BACKOFF_MAX = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DAEMON_NODE_CHECK = Duration.ofSeconds(5);

    /**
     * A ceiling: the server's own suggestion to continue as new (at about 4,000 events by default)
     * usually comes first.
     */
    public static final int DEFAULT_LONG_RUNNING_HISTORY = 10_000;

    public static final OrchestrationSettings DEFAULTS = builder().build();

    public OrchestrationSettings {
        Objects.requireNonNull(nodeScheduleToStart);
        Objects.requireNonNull(heartbeatTimeout);
        Objects.requireNonNull(nodeGracePeriod);
        Objects.requireNonNull(placementRetry);
        Objects.requireNonNull(stagingTimeout);
        Objects.requireNonNull(publishingTimeout);
        Objects.requireNonNull(defaultExecutionTimeout);
        Objects.requireNonNull(nodeListStaleAfter);
        defaultPublisher = defaultPublisher == null ? "" : defaultPublisher.trim();
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "maxAttempts must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(restartBackoff);
        Objects.requireNonNull(restartBackoffMax);
        Objects.requireNonNull(daemonNodeCheck);
        if (restartBackoff.isNegative() || restartBackoffMax.compareTo(restartBackoff) < 0) {
            throw new IllegalArgumentException(
                    "restartBackoff must be at least 0 and at most restartBackoffMax, got "
                            + restartBackoff
                            + " and "
                            + restartBackoffMax);
        }
        if (daemonNodeCheck.isZero() || daemonNodeCheck.isNegative()) {
            throw new IllegalArgumentException(
                    "daemonNodeCheck must be positive, got " + daemonNodeCheck);
        }
        if (longRunningHistory < 100) {
            throw new IllegalArgumentException(
                    "longRunningHistory must be at least 100 events, got " + longRunningHistory);
        }
        if (maxConcurrentPartitions < 1) {
            throw new IllegalArgumentException(
                    "maxConcurrentPartitions must be at least 1, got " + maxConcurrentPartitions);
        }
        if (partitionsPerChunk < 1) {
            throw new IllegalArgumentException(
                    "partitionsPerChunk must be at least 1, got " + partitionsPerChunk);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder()
                .nodeScheduleToStart(nodeScheduleToStart)
                .heartbeatTimeout(heartbeatTimeout)
                .nodeGracePeriod(nodeGracePeriod)
                .maxAttempts(maxAttempts)
                .placementRetry(placementRetry)
                .stagingTimeout(stagingTimeout)
                .publishingTimeout(publishingTimeout)
                .defaultExecutionTimeout(defaultExecutionTimeout)
                .nodeListStaleAfter(nodeListStaleAfter)
                .useSearchAttributes(useSearchAttributes)
                .defaultPublisher(defaultPublisher)
                .maxConcurrentPartitions(maxConcurrentPartitions)
                .partitionsPerChunk(partitionsPerChunk)
                .restartBackoff(restartBackoff)
                .restartBackoffMax(restartBackoffMax)
                .daemonNodeCheck(daemonNodeCheck)
                .longRunningHistory(longRunningHistory);
    }

    /** Builds settings; every value starts at its default. */
    public static final class Builder {
        private Duration nodeScheduleToStart = DEFAULT_NODE_SCHEDULE_TO_START;
        private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
        private Duration nodeGracePeriod = DEFAULT_NODE_GRACE_PERIOD;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration placementRetry = DEFAULT_PLACEMENT_RETRY;
        private Duration stagingTimeout = DEFAULT_STAGING_TIMEOUT;
        private Duration publishingTimeout = DEFAULT_PUBLISHING_TIMEOUT;
        private Duration defaultExecutionTimeout = DEFAULT_EXECUTION_TIMEOUT;
        private Duration nodeListStaleAfter = DEFAULT_NODE_LIST_STALE_AFTER;
        private boolean useSearchAttributes;
        private String defaultPublisher = "";
        private int maxConcurrentPartitions = DEFAULT_MAX_CONCURRENT_PARTITIONS;
        private int partitionsPerChunk = DEFAULT_PARTITIONS_PER_CHUNK;
        private Duration restartBackoff = DEFAULT_RESTART_BACKOFF;
        private Duration restartBackoffMax = DEFAULT_RESTART_BACKOFF_MAX;
        private Duration daemonNodeCheck = DEFAULT_DAEMON_NODE_CHECK;
        private int longRunningHistory = DEFAULT_LONG_RUNNING_HISTORY;

        public Builder nodeScheduleToStart(Duration v) {
            nodeScheduleToStart = v;
            return this;
        }

        public Builder heartbeatTimeout(Duration v) {
            heartbeatTimeout = v;
            return this;
        }

        public Builder nodeGracePeriod(Duration v) {
            nodeGracePeriod = v;
            return this;
        }

        public Builder maxAttempts(int v) {
            maxAttempts = v;
            return this;
        }

        public Builder placementRetry(Duration v) {
            placementRetry = v;
            return this;
        }

        public Builder stagingTimeout(Duration v) {
            stagingTimeout = v;
            return this;
        }

        public Builder publishingTimeout(Duration v) {
            publishingTimeout = v;
            return this;
        }

        public Builder defaultExecutionTimeout(Duration v) {
            defaultExecutionTimeout = v;
            return this;
        }

        public Builder nodeListStaleAfter(Duration v) {
            nodeListStaleAfter = v;
            return this;
        }

        public Builder useSearchAttributes(boolean v) {
            useSearchAttributes = v;
            return this;
        }

        public Builder defaultPublisher(String v) {
            defaultPublisher = v;
            return this;
        }

        public Builder maxConcurrentPartitions(int v) {
            maxConcurrentPartitions = v;
            return this;
        }

        public Builder partitionsPerChunk(int v) {
            partitionsPerChunk = v;
            return this;
        }

        public Builder restartBackoff(Duration v) {
            restartBackoff = v;
            return this;
        }

        public Builder restartBackoffMax(Duration v) {
            restartBackoffMax = v;
            return this;
        }

        public Builder daemonNodeCheck(Duration v) {
            daemonNodeCheck = v;
            return this;
        }

        public Builder longRunningHistory(int v) {
            longRunningHistory = v;
            return this;
        }

        public OrchestrationSettings build() {
            return new OrchestrationSettings(
                    nodeScheduleToStart,
                    heartbeatTimeout,
                    nodeGracePeriod,
                    maxAttempts,
                    placementRetry,
                    stagingTimeout,
                    publishingTimeout,
                    defaultExecutionTimeout,
                    nodeListStaleAfter,
                    useSearchAttributes,
                    defaultPublisher,
                    maxConcurrentPartitions,
                    partitionsPerChunk,
                    restartBackoff,
                    restartBackoffMax,
                    daemonNodeCheck,
                    longRunningHistory);
        }
    }
}
