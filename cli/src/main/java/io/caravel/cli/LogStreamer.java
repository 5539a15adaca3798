package io.caravel.cli;

import io.caravel.api.model.RunOutput;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.NodeInfo;
import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * Prints an execution's stdout (to {@code out}) and stderr (to {@code err}) as the node that runs
 * it serves them. Following, it polls with offsets until the execution is terminal and one more
 * read brings nothing new. When the node is gone, serves no logs or no longer has them, it prints
 * the run output the job keeps instead (the first {@link RunOutput#SUMMARY_LIMIT} bytes) and says so.
 */
final class LogStreamer {
    static final Duration POLL = Duration.ofMillis(500);
    private static final String STDOUT = "stdout";
    private static final String STDERR = "stderr";

    private final WorkflowClient client;
    private final LogClient logs;
    private final PrintWriter err;
    private final Utf8Sink stdout;
    private final Utf8Sink stderr;

    LogStreamer(WorkflowClient client, LogClient logs, PrintWriter out, PrintWriter err) {
        this.client = client;
        this.logs = logs;
        this.err = err;
        this.stdout = new Utf8Sink(out);
        this.stderr = new Utf8Sink(err);
    }

    /**
     * Prints the logs of execution {@code executionId} of job {@code jobId}, or of its latest
     * execution when {@code executionId} is null (following, it waits for the first one).
     *
     * @throws CliException when the job has no such execution, or none yet and not following
     */
    void stream(String jobId, String executionId, boolean follow) throws InterruptedException {
        Optional<ExecutionRecord> picked = pick(jobId, executionId, follow);
        if (picked.isEmpty()) {
            return;
        }
        ExecutionRecord execution = picked.get();
        Optional<String> resultsUrl = NodeDirectory.find(client, execution.nodeId()).map(NodeInfo::resultsUrl)
                .filter(u -> !u.isEmpty());
        if (resultsUrl.isEmpty()) {
            String reason = execution.nodeId().isEmpty() ? "execution " + execution.id() + " has no node yet"
                    : "node " + execution.nodeId() + " is gone or serves no logs";
            fallBack(jobId, execution, follow, reason, 0, 0);
            return;
        }
        long outOffset = 0;
        long errOffset = 0;
        while (true) {
            ExecutionRecord now = follow ? refresh(jobId, execution) : execution;
            boolean last = !follow || now.state().isTerminal();
            LogClient.Read out = logs.read(resultsUrl.get(), execution.id(), STDOUT, outOffset);
            LogClient.Read errRead = logs.read(resultsUrl.get(), execution.id(), STDERR, errOffset);
            if (!out.ok() && last) {
                // A node deletes an execution's directory when it ends: the rest comes from the job's copy.
                fallBack(jobId, now, false, out.unavailable(), outOffset, errOffset);
                return;
            }
            stdout.write(out.bytes());
            stderr.write(errRead.bytes());
            outOffset += out.bytes().length;
            errOffset += errRead.bytes().length;
            boolean gotNew = out.bytes().length > 0 || errRead.bytes().length > 0;
            if (!follow || (last && !gotNew)) {
                return;
            }
            if (!gotNew) {
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    /** The execution to show; empty when, following, the job ended without any. */
    private Optional<ExecutionRecord> pick(String jobId, String executionId, boolean follow)
            throws InterruptedException {
        while (true) {
            Optional<JobDescription> d = follow ? tryDescribe(jobId) : Optional.of(JobQueries.describe(client, jobId));
            if (d.isPresent()) {
                Optional<ExecutionRecord> e = choose(d.get(), jobId, executionId);
                if (e.isPresent() && (!follow || placed(e.get()))) {
                    return e;
                }
                if (!follow) {
                    throw new CliException("job " + jobId + " has no executions yet (" + d.get().state().text() + ")",
                            "wait for one with `caravel job logs -f " + jobId + "`");
                }
                if (d.get().state().isTerminal()) {
                    if (e.isPresent()) {
                        return e;
                    }
                    note("job " + jobId + " ended " + d.get().state().text() + " without executions");
                    return Optional.empty();
                }
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Whether the execution has a node (or ended without one): then its logs can be looked for. */
    private static boolean placed(ExecutionRecord e) {
        return !e.nodeId().isEmpty() || e.state().isTerminal();
    }

    private static Optional<ExecutionRecord> choose(JobDescription d, String jobId, String executionId) {
        if (executionId == null) {
            return d.executions().stream().max(Comparator.comparingLong(ExecutionRecord::createTime));
        }
        Optional<ExecutionRecord> exact = d.executions().stream().filter(e -> e.id().equals(executionId)).findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        var prefixed = d.executions().stream().filter(e -> e.id().startsWith(executionId)).toList();
        if (prefixed.size() == 1) {
            return Optional.of(prefixed.get(0));
        }
        throw new CliException("job " + jobId + " has " + (prefixed.isEmpty() ? "no execution " : "several executions "
                + "starting with ") + executionId, "list them with `caravel job executions " + jobId + "`");
    }

    /**
     * Prints the run output the job keeps (following: once the execution ends) from the offsets on:
     * all of it when nothing came from the node, else what the node's last reads missed.
     */
    private void fallBack(String jobId, ExecutionRecord execution, boolean follow, String reason, long outOffset,
            long errOffset) throws InterruptedException {
        ExecutionRecord e = execution;
        while (follow && !e.state().isTerminal()) {
            Thread.sleep(POLL.toMillis());
            e = refresh(jobId, e);
        }
        RunOutput output = e.runOutput();
        if (output == null) {
            note(reason + "; execution " + e.id() + " has no output yet (" + e.state().text() + ")");
            return;
        }
        boolean cut = output.stdoutTruncated() || output.stderrTruncated();
        if ((outOffset == 0 && errOffset == 0) || cut) {
            note(reason + "; showing the output the job keeps, truncated to the first " + RunOutput.SUMMARY_LIMIT / 1024
                    + " KiB of each stream" + (cut ? " (this output was cut; `caravel job get` has all of it when "
                    + "the job publishes its results)" : ""));
        }
        stdout.write(rest(output.stdout(), outOffset));
        stderr.write(rest(output.stderr(), errOffset));
    }

    private static byte[] rest(String kept, long offset) {
        byte[] bytes = kept.getBytes(StandardCharsets.UTF_8);
        return offset >= bytes.length ? new byte[0] : Arrays.copyOfRange(bytes, (int) offset, bytes.length);
    }

    private void note(String text) {
        err.println("note: " + text);
        err.flush();
    }

    /** The execution as the job describes it now; as it was when the query fails (the next poll tries again). */
    private ExecutionRecord refresh(String jobId, ExecutionRecord execution) {
        return tryDescribe(jobId).flatMap(d -> d.executions().stream().filter(e -> e.id().equals(execution.id()))
                .findFirst()).orElse(execution);
    }

    private Optional<JobDescription> tryDescribe(String jobId) {
        try {
            return Optional.of(JobQueries.describe(client, jobId));
        } catch (RuntimeException e) {
            // Just submitted, the first workflow task may not have run; the next poll tries again.
            return Optional.empty();
        }
    }
}
