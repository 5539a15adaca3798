package io.caravel.cli;

import io.caravel.api.model.Job;
import io.caravel.api.model.JobType;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobDescription;
import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BinaryOperator;
import java.util.stream.Collectors;

/**
 * Prints a job's logs: stdout to {@code out}, stderr to {@code err}. One execution (the one asked
 * for, or the latest) is printed as it is; without an execution asked for, a job that runs several
 * at once (Count above 1, an ops/daemon job on every node, a service) has each partition's latest
 * execution followed at the same time, every line labelled {@code [<execution>@<node>] }; for a
 * service or daemon job, following goes on with each execution that replaces one, until the job
 * ends.
 */
final class LogStreamer {
    static final Duration POLL = Duration.ofMillis(500);

    private final WorkflowClient client;
    private final LogClient logs;
    private final PrintWriter out;
    private final PrintWriter err;

    LogStreamer(WorkflowClient client, LogClient logs, PrintWriter out, PrintWriter err) {
        this.client = client;
        this.logs = logs;
        this.out = out;
        this.err = err;
    }

    /**
     * Prints the logs of execution {@code executionId} of job {@code jobId}, or, when it is null,
     * of its latest execution or (for a job with several partitions or nodes) of every partition's
     * latest one; following, it waits for them to be placed.
     *
     * @param tail skip what the logs hold now, print only what is written from now on
     * @throws CliException when the job has no such execution, or none yet and not following
     */
    void stream(String jobId, String executionId, boolean follow, boolean tail)
            throws InterruptedException {
        JobDescription first =
                follow
                        ? awaitDescription(jobId)
                        : JobQueries.describeWithEveryExecution(client, jobId);
        if (executionId == null && runsSeveral(first.job())) {
            List<ExecutionRecord> executions = pickEach(jobId, first, follow);
            if (!executions.isEmpty()) {
                boolean replacements =
                        follow
                                && JobType.parse(first.job().type())
                                        .map(JobType::isLongRunning)
                                        .orElse(false);
                streamEach(jobId, executions, follow, tail, replacements);
            }
            return;
        }
        Optional<ExecutionRecord> picked = pick(jobId, executionId, follow);
        if (picked.isPresent()) {
            new ExecutionLogFollower(
                            client, logs, err, "note: ", new Utf8Sink(out), new Utf8Sink(err))
                    .follow(jobId, picked.get(), follow, tail);
        }
    }

    private static boolean runsSeveral(Job job) {
        return job.count() > 1
                || JobType.parse(job.type())
                        .map(t -> t.runsOnAllNodes() || t.isLongRunning())
                        .orElse(false);
    }

    /**
     * Follows each execution on a thread of its own, its lines labelled; with {@code replacements}
     * (a service or daemon job), then each execution that replaces it, until the job ends. Rethrows
     * the first failure.
     */
    private void streamEach(
            String jobId,
            List<ExecutionRecord> executions,
            boolean follow,
            boolean tail,
            boolean replacements)
            throws InterruptedException {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (ExecutionRecord e : executions) {
            Thread t =
                    new Thread(
                            () -> {
                                try {
                                    boolean skip = tail;
                                    for (ExecutionRecord next = e;
                                            next != null;
                                            next =
                                                    replacements
                                                            ? awaitReplacement(jobId, next)
                                                            : null) {
                                        String label =
                                                "["
                                                        + ProgressWatcher.shortId(next.id())
                                                        + (next.nodeId().isEmpty()
                                                                ? ""
                                                                : "@" + next.nodeId())
                                                        + "] ";
                                        new ExecutionLogFollower(
                                                        client,
                                                        logs,
                                                        err,
                                                        label + "note: ",
                                                        new LabelledLines(out, label),
                                                        new LabelledLines(err, label))
                                                .follow(jobId, next, follow, skip);
                                        skip = false;
                                    }
                                } catch (InterruptedException interrupted) {
                                    Thread.currentThread().interrupt();
                                } catch (RuntimeException problem) {
                                    failure.compareAndSet(null, problem);
                                }
                            },
                            "caravel-logs-" + e.id());
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } finally {
            threads.forEach(Thread::interrupt);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /**
     * The latest execution of each partition (of each node, for ops and daemon jobs), once they are
     * all placed (following) or as they are now; empty when, following, the job ended without any.
     */
    private List<ExecutionRecord> pickEach(String jobId, JobDescription description, boolean follow)
            throws InterruptedException {
        JobDescription d = description;
        while (true) {
            Collection<ExecutionRecord> latest = latestOfEach(d);
            boolean allThere =
                    latest.size() >= Math.max(1, d.job().count())
                            && latest.stream().allMatch(LogStreamer::placed);
            if (!follow || allThere || d.state().isTerminal()) {
                if (latest.isEmpty()) {
                    if (!follow) {
                        throw noExecutionsYet(jobId, d);
                    }
                    note("job " + jobId + " ended " + d.state().text() + " without executions");
                }
                return latest.stream()
                        .sorted(
                                Comparator.comparingInt(ExecutionRecord::partitionIndex)
                                        .thenComparing(ExecutionRecord::nodeId))
                        .toList();
            }
            Thread.sleep(POLL.toMillis());
            d = tryDescribe(client, jobId).orElse(d);
        }
    }

    /**
     * The first placed execution of {@code ended}'s partition (its node, for a daemon) created
     * after it; null once the job has ended.
     */
    private ExecutionRecord awaitReplacement(String jobId, ExecutionRecord ended)
            throws InterruptedException {
        while (true) {
            Optional<JobDescription> d = tryDescribe(client, jobId);
            if (d.isPresent() && d.get().state().isTerminal()) {
                return null;
            }
            if (d.isPresent()) {
                boolean perNode =
                        JobType.parse(d.get().job().type())
                                .map(JobType::runsOnAllNodes)
                                .orElse(false);
                Optional<ExecutionRecord> next =
                        d.get().executions().stream()
                                .filter(
                                        x ->
                                                x.createTime() > ended.createTime()
                                                        && !x.nodeId().isEmpty())
                                .filter(
                                        x ->
                                                perNode
                                                        ? x.nodeId().equals(ended.nodeId())
                                                        : x.partitionIndex()
                                                                == ended.partitionIndex())
                                .min(Comparator.comparingLong(ExecutionRecord::createTime));
                if (next.isPresent()) {
                    return next.get();
                }
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static Collection<ExecutionRecord> latestOfEach(JobDescription d) {
        boolean perNode = JobType.parse(d.job().type()).map(JobType::runsOnAllNodes).orElse(false);
        BinaryOperator<ExecutionRecord> later = (a, b) -> a.createTime() >= b.createTime() ? a : b;
        Map<String, ExecutionRecord> byKey =
                d.executions().stream()
                        .collect(
                                Collectors.toMap(
                                        e ->
                                                perNode
                                                        ? e.nodeId()
                                                        : Integer.toString(e.partitionIndex()),
                                        e -> e,
                                        later));
        return byKey.values();
    }

    /** The execution to show; empty when, following, the job ended without any. */
    private Optional<ExecutionRecord> pick(String jobId, String executionId, boolean follow)
            throws InterruptedException {
        while (true) {
            Optional<JobDescription> d =
                    follow
                            ? tryDescribe(client, jobId)
                            : Optional.of(JobQueries.describeWithEveryExecution(client, jobId));
            if (d.isPresent()) {
                Optional<ExecutionRecord> e = choose(d.get(), jobId, executionId);
                if (e.isPresent() && (!follow || placed(e.get()))) {
                    return e;
                }
                if (!follow) {
                    throw noExecutionsYet(jobId, d.get());
                }
                if (d.get().state().isTerminal()) {
                    if (e.isPresent()) {
                        return e;
                    }
                    note(
                            "job "
                                    + jobId
                                    + " ended "
                                    + d.get().state().text()
                                    + " without executions");
                    return Optional.empty();
                }
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static CliException noExecutionsYet(String jobId, JobDescription d) {
        return new CliException(
                "job " + jobId + " has no executions yet (" + d.state().text() + ")",
                "wait for one with `caravel job logs -f " + jobId + "`");
    }

    /** Whether the execution has a node (or ended without one): then its logs can be looked for. */
    private static boolean placed(ExecutionRecord e) {
        return !e.nodeId().isEmpty() || e.state().isTerminal();
    }

    private static Optional<ExecutionRecord> choose(
            JobDescription d, String jobId, String executionId) {
        if (executionId == null) {
            return d.executions().stream()
                    .max(Comparator.comparingLong(ExecutionRecord::createTime));
        }
        Optional<ExecutionRecord> exact =
                d.executions().stream().filter(e -> e.id().equals(executionId)).findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        var prefixed = d.executions().stream().filter(e -> e.id().startsWith(executionId)).toList();
        if (prefixed.size() == 1) {
            return Optional.of(prefixed.get(0));
        }
        throw new CliException(
                "job "
                        + jobId
                        + " has "
                        + (prefixed.isEmpty()
                                ? "no execution "
                                : "several executions " + "starting with ")
                        + executionId,
                "list them with `caravel job executions " + jobId + "`");
    }

    private void note(String text) {
        err.println("note: " + text);
        err.flush();
    }

    /**
     * The job's description, waiting while the query fails (just submitted, its first task may not
     * have run).
     */
    private JobDescription awaitDescription(String jobId) throws InterruptedException {
        while (true) {
            Optional<JobDescription> d = tryDescribe(client, jobId);
            if (d.isPresent()) {
                return d.get();
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    static Optional<JobDescription> tryDescribe(WorkflowClient client, String jobId) {
        try {
            return Optional.of(JobQueries.describeWithEveryExecution(client, jobId));
        } catch (RuntimeException e) {
            // Just submitted, the first workflow task may not have run; the next poll tries again.
            return Optional.empty();
        }
    }
}
