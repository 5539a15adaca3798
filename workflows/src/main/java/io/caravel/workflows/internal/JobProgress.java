package io.caravel.workflows.internal;

import io.caravel.api.model.ExecutionDesiredStateType;
import io.caravel.api.model.ExecutionStateType;
import io.caravel.api.model.Job;
import io.caravel.api.model.JobState;
import io.caravel.api.model.JobStateType;
import io.caravel.api.model.RunOutput;
import io.caravel.api.model.SpecConfig;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.NodeRefusal;
import io.caravel.workflows.model.ChunkInfo;
import io.caravel.workflows.model.ExecutionPage;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.JobEvent;
import io.caravel.workflows.model.JobResult;
import io.caravel.workflows.model.ProgressSnapshot;
import io.caravel.workflows.model.Summary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * What a job workflow knows about its job: the job, its state and message, every execution and a
 * history of events (the newest {@link #HISTORY_LIMIT}). Execution and job times are Unix
 * nanoseconds, as in Bacalhau; event times are milliseconds. Not thread-safe; workflow threads
 * never run at the same time.
 */
public final class JobProgress {
    /** Events kept for {@code describe}; older ones are dropped first. */
    public static final int HISTORY_LIMIT = 1000;

    public static final String TOPIC_SUBMISSION = "Submission";
    public static final String TOPIC_STATE = "StateUpdate";
    public static final String TOPIC_PLACEMENT = "Placement";
    public static final String TOPIC_EXECUTION = "Execution";
    public static final String TOPIC_FAILURE = "Failure";
    public static final String TOPIC_STOP = "Stop";

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final LongSupplier clockMillis;
    private final Consumer<JobProgress> onStateChange;
    private final Map<String, ExecutionRecord> executions = new LinkedHashMap<>();
    private final ArrayDeque<JobEvent> history = new ArrayDeque<>();
    private final List<ChunkInfo> chunks = new ArrayList<>();
    private Job job;
    private JobStateType state = JobStateType.UNDEFINED;
    private String message = "";
    private long version = 1;
    private long createTimeNanos;
    private long modifyTimeNanos;

    /**
     * @param clockMillis the workflow clock
     * @param onStateChange told after every change of the job's state (search attributes)
     */
    public JobProgress(LongSupplier clockMillis, Consumer<JobProgress> onStateChange) {
        this.clockMillis = clockMillis;
        this.onStateChange = onStateChange;
    }

    /**
     * Why a stop is refused in {@code state}, as Bacalhau words it; empty when it is allowed (a
     * stop of a stopped job is allowed and does nothing).
     */
    public static Optional<String> stopRefusal(JobStateType state) {
        return state == JobStateType.COMPLETED
                ? Optional.of("cannot stop job in state " + state.text())
                : Optional.empty();
    }

    /** The job's {@code Version}: 1, or more for a run that updates a job of the same Name. */
    public void version(long v) {
        this.version = Math.max(1, v);
    }

    /** The job was read and accepted: it becomes Pending. */
    public void submitted(Job accepted, List<String> warnings) {
        this.job = accepted;
        this.createTimeNanos = nowNanos();
        event(TOPIC_SUBMISSION, "Job submitted", "");
        for (String warning : warnings) {
            event(TOPIC_SUBMISSION, "warning: " + warning, "");
        }
        transition(JobStateType.PENDING, "");
    }

    /**
     * What the next run of the workflow needs to go on where this one stops: every execution not
     * ended, the newest {@code endedKept} ended ones and the newest {@code eventsKept} events.
     */
    public ProgressSnapshot snapshot(int endedKept, int eventsKept) {
        List<ExecutionRecord> ended =
                executions.values().stream().filter(r -> r.state().isTerminal()).toList();
        List<ExecutionRecord> droppedEnded =
                ended.subList(0, Math.max(0, ended.size() - endedKept));
        List<ExecutionRecord> kept =
                executions.values().stream().filter(r -> !droppedEnded.contains(r)).toList();
        List<JobEvent> events = history();
        return new ProgressSnapshot(
                state,
                message,
                createTimeNanos,
                modifyTimeNanos,
                kept,
                events.subList(Math.max(0, events.size() - eventsKept), events.size()));
    }

    /**
     * Goes on from {@code carried}, what the previous run of the workflow knew of {@code accepted}.
     */
    public void resumed(Job accepted, ProgressSnapshot carried) {
        this.job = accepted;
        this.state = carried.state();
        this.message = carried.message();
        this.createTimeNanos = carried.createTime();
        this.modifyTimeNanos = carried.modifyTime();
        carried.executions().forEach(r -> executions.put(r.id(), r));
        history.addAll(carried.history());
    }

    /** The job was refused before it could be read: it is Failed without a job. */
    public void rejected(String reason) {
        event(TOPIC_FAILURE, reason, "");
        transition(JobStateType.FAILED, reason);
    }

    /** Moves the job to {@code next}; a terminal state is never left. */
    public void transition(JobStateType next, String why) {
        if (state.isTerminal() || (state == next && message.equals(why))) {
            return;
        }
        JobStateType previous = state;
        state = next;
        message = why == null ? "" : why;
        modifyTimeNanos = nowNanos();
        String text =
                previous == JobStateType.UNDEFINED
                        ? "Job state is " + next.text()
                        : "Job state changed from " + previous.text() + " to " + next.text();
        event(TOPIC_STATE, message.isEmpty() ? text : text + ": " + message, "");
        onStateChange.accept(this);
    }

    public void event(String topic, String text, String executionId) {
        history.addLast(
                new JobEvent(
                        clockMillis.getAsLong(),
                        topic,
                        text,
                        executionId == null ? "" : executionId));
        while (history.size() > HISTORY_LIMIT) {
            history.removeFirst();
        }
    }

    /** Records a new execution in state New. */
    public void newExecution(
            String id, int partition, int attempt, ExecutionDesiredStateType desired) {
        long now = nowNanos();
        executions.put(
                id,
                new ExecutionRecord(
                        id,
                        "",
                        partition,
                        attempt,
                        ExecutionStateType.NEW,
                        desired,
                        null,
                        SpecConfig.EMPTY,
                        "",
                        now,
                        now,
                        0));
        event(
                TOPIC_EXECUTION,
                "Execution "
                        + id
                        + " created for partition "
                        + partition
                        + " (attempt "
                        + attempt
                        + ")",
                id);
    }

    /**
     * A node claimed the execution: BidAccepted, desired Running; the job is Running from now on.
     */
    public void placed(String id, NodeClaim claim) {
        update(
                id,
                r ->
                        new ExecutionRecord(
                                r.id(),
                                claim.nodeId(),
                                r.partitionIndex(),
                                r.attempt(),
                                ExecutionStateType.BID_ACCEPTED,
                                ExecutionDesiredStateType.RUNNING,
                                r.runOutput(),
                                r.publishedResult(),
                                "",
                                r.createTime(),
                                nowNanos(),
                                r.stagedBytes()));
        event(TOPIC_PLACEMENT, "Execution " + id + " placed on node " + claim.nodeId(), id);
        if (state == JobStateType.PENDING || state == JobStateType.QUEUED) {
            transition(JobStateType.RUNNING, "");
        }
    }

    /**
     * A node refused to take execution {@code id}: an event, and while the job is Queued its
     * message becomes {@code waiting} (why it waits), without a state change.
     */
    public void refused(String id, NodeRefusal refusal, String waiting) {
        event(
                TOPIC_PLACEMENT,
                "Node "
                        + refusal.nodeId()
                        + " refused execution "
                        + id
                        + (refusal.lasting() ? "" : " for now")
                        + ": "
                        + refusal.reason(),
                id);
        if (state == JobStateType.QUEUED && !message.equals(waiting)) {
            message = waiting;
            modifyTimeNanos = nowNanos();
        }
    }

    /** Running or Publishing. */
    public void executionState(String id, ExecutionStateType next) {
        update(id, r -> r.with(next, "", nowNanos()));
        event(TOPIC_EXECUTION, "Execution " + id + " is " + next.text(), id);
    }

    /** The node staged the execution's inputs: their size is kept for the progress display. */
    public void staged(String id, long bytes) {
        update(
                id,
                r ->
                        new ExecutionRecord(
                                r.id(),
                                r.nodeId(),
                                r.partitionIndex(),
                                r.attempt(),
                                r.state(),
                                r.desiredState(),
                                r.runOutput(),
                                r.publishedResult(),
                                r.message(),
                                r.createTime(),
                                r.modifyTime(),
                                bytes));
    }

    /** The engine returned: its output is kept whatever happens next. */
    public void output(String id, RunOutput output) {
        update(
                id,
                r ->
                        new ExecutionRecord(
                                r.id(),
                                r.nodeId(),
                                r.partitionIndex(),
                                r.attempt(),
                                r.state(),
                                r.desiredState(),
                                output,
                                r.publishedResult(),
                                r.message(),
                                r.createTime(),
                                nowNanos(),
                                r.stagedBytes()));
    }

    public void completed(String id, SpecConfig published) {
        update(
                id,
                r ->
                        new ExecutionRecord(
                                r.id(),
                                r.nodeId(),
                                r.partitionIndex(),
                                r.attempt(),
                                ExecutionStateType.COMPLETED,
                                ExecutionDesiredStateType.STOPPED,
                                r.runOutput(),
                                published,
                                "",
                                r.createTime(),
                                nowNanos(),
                                r.stagedBytes()));
        int exitCode =
                executions.get(id).runOutput() == null
                        ? 0
                        : executions.get(id).runOutput().exitCode();
        event(TOPIC_EXECUTION, "Execution " + id + " completed with exit code " + exitCode, id);
    }

    public void failed(String id, String reason) {
        end(id, ExecutionStateType.FAILED, reason);
        event(TOPIC_FAILURE, "Execution " + id + " failed: " + reason, id);
    }

    public void cancelled(String id, String reason) {
        end(id, ExecutionStateType.CANCELLED, reason);
        event(TOPIC_EXECUTION, "Execution " + id + " cancelled: " + reason, id);
    }

    /** A child workflow started to run a chunk of the job's partitions. */
    public void chunkStarted(ChunkInfo chunk) {
        chunks.add(chunk);
        event(
                TOPIC_PLACEMENT,
                "Partitions "
                        + chunk.firstPartition()
                        + " to "
                        + (chunk.firstPartition() + chunk.partitions() - 1)
                        + " run in child workflow "
                        + chunk.workflowId(),
                "");
    }

    /**
     * Chunk {@code index} ended; {@code counts} are its executions per state, null when it ended
     * without saying (its {@code summary} query still does).
     */
    public void chunkEnded(int index, Map<String, Integer> counts, String how) {
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i).index() == index) {
                chunks.set(i, chunks.get(i).ended(counts));
                event(
                        TOPIC_PLACEMENT,
                        "Child workflow " + chunks.get(i).workflowId() + " ended: " + how,
                        "");
                return;
            }
        }
        throw new IllegalStateException("no chunk " + index);
    }

    public List<ChunkInfo> chunks() {
        return List.copyOf(chunks);
    }

    /** The job's executions per state: its own and those of the chunks that reported theirs. */
    public Map<String, Integer> summary() {
        Map<String, Integer> all = Summary.of(executions.values());
        for (ChunkInfo c : chunks) {
            if (c.reported()) {
                all = Summary.add(all, c.summary());
            }
        }
        return all;
    }

    /**
     * At most {@code limit} (capped at {@link ExecutionPage#MAX_ITEMS}) executions from {@code
     * offset}.
     */
    public ExecutionPage page(int offset, int limit) {
        List<ExecutionRecord> all = executions();
        int from = Math.min(Math.max(0, offset), all.size());
        int to = Math.min(all.size(), from + Math.max(0, Math.min(limit, ExecutionPage.MAX_ITEMS)));
        return new ExecutionPage(OutputBudget.fit(all.subList(from, to)), all.size());
    }

    public Job job() {
        return job;
    }

    public JobStateType state() {
        return state;
    }

    public String message() {
        return message;
    }

    public List<ExecutionRecord> executions() {
        return List.copyOf(executions.values());
    }

    public List<JobEvent> history() {
        return List.copyOf(history);
    }

    /** The job as Bacalhau's {@code job describe} shows it, with its current state and times. */
    public JobDescription describe() {
        return new JobDescription(
                jobWithState(),
                state,
                message,
                OutputBudget.fit(executions()),
                history(),
                summary(),
                chunks);
    }

    /** What the workflow returns: every execution, their output within {@link OutputBudget}. */
    public JobResult result() {
        Job j = job;
        return new JobResult(
                j == null ? "" : j.id(),
                j == null ? "" : j.name(),
                j == null ? "" : j.namespace(),
                j == null ? "" : j.type(),
                state,
                message,
                OutputBudget.fit(executions()),
                summary(),
                chunks);
    }

    private Job jobWithState() {
        if (job == null) {
            return null;
        }
        return job.toBuilder()
                .state(new JobState(state, message, Map.of()))
                .version(version)
                .revision(1)
                .createTime(createTimeNanos)
                .modifyTime(modifyTimeNanos)
                .build();
    }

    private void end(String id, ExecutionStateType next, String reason) {
        update(
                id,
                r ->
                        new ExecutionRecord(
                                r.id(),
                                r.nodeId(),
                                r.partitionIndex(),
                                r.attempt(),
                                next,
                                ExecutionDesiredStateType.STOPPED,
                                r.runOutput(),
                                r.publishedResult(),
                                reason,
                                r.createTime(),
                                nowNanos(),
                                r.stagedBytes()));
    }

    private void update(String id, UnaryOperator<ExecutionRecord> change) {
        ExecutionRecord current = executions.get(id);
        if (current == null) {
            throw new IllegalStateException(
                    "no execution " + id + "; known: " + new ArrayList<>(executions.keySet()));
        }
        executions.put(id, change.apply(current));
    }

    private long nowNanos() {
        return clockMillis.getAsLong() * NANOS_PER_MILLI;
    }
}
