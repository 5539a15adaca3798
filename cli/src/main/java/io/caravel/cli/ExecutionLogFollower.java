package io.caravel.cli;

import io.caravel.api.model.RunOutput;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.NodeInfo;
import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Prints one execution's stdout and stderr, as the node that runs it serves them, to two sinks.
 * Following, it polls with offsets until the execution is terminal and one more read brings nothing
 * new. When the node is gone, serves no logs or no longer has them, it prints the run output the
 * job keeps instead (the first {@link RunOutput#SUMMARY_LIMIT} bytes) and says so. With {@code
 * tail}, what the streams held when it started is skipped (Bacalhau's {@code --tail}: only what is
 * written from now on).
 */
final class ExecutionLogFollower {
    private static final String STDOUT = "stdout";
    private static final String STDERR = "stderr";

    private final WorkflowClient client;
    private final LogClient logs;
    private final PrintWriter err;
    private final String notePrefix;
    private final LogSink stdout;
    private final LogSink stderr;

    /**
     * @param err where notes go (a line each, starting with {@code notePrefix})
     * @param notePrefix what starts each note, e.g. {@code "note: "}
     */
    ExecutionLogFollower(
            WorkflowClient client,
            LogClient logs,
            PrintWriter err,
            String notePrefix,
            LogSink stdout,
            LogSink stderr) {
        this.client = client;
        this.logs = logs;
        this.err = err;
        this.notePrefix = notePrefix;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    void follow(String jobId, ExecutionRecord execution, boolean follow, boolean tail)
            throws InterruptedException {
        try {
            run(jobId, execution, follow, tail);
        } finally {
            stdout.finish();
            stderr.finish();
        }
    }

    private void run(String jobId, ExecutionRecord execution, boolean follow, boolean tail)
            throws InterruptedException {
        Optional<String> resultsUrl =
                NodeDirectory.find(client, execution.nodeId())
                        .map(NodeInfo::resultsUrl)
                        .filter(u -> !u.isEmpty());
        long[] kept = tail ? keptLengths(execution) : new long[] {0, 0};
        if (resultsUrl.isEmpty()) {
            String reason =
                    execution.nodeId().isEmpty()
                            ? "execution " + execution.id() + " has no node yet"
                            : "node " + execution.nodeId() + " is gone or serves no logs";
            fallBack(jobId, execution, follow, reason, kept[0], kept[1]);
            return;
        }
        long outOffset =
                tail ? logs.size(resultsUrl.get(), execution.id(), STDOUT).orElse(kept[0]) : 0;
        long errOffset =
                tail ? logs.size(resultsUrl.get(), execution.id(), STDERR).orElse(kept[1]) : 0;
        while (true) {
            ExecutionRecord now = follow ? refresh(jobId, execution) : execution;
            boolean last = !follow || now.state().isTerminal();
            LogClient.Read out = logs.read(resultsUrl.get(), execution.id(), STDOUT, outOffset);
            LogClient.Read errRead = logs.read(resultsUrl.get(), execution.id(), STDERR, errOffset);
            if (!out.ok() && last) {
                // A node deletes an execution's directory when it ends: the rest comes from the
                // job's copy.
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
                Thread.sleep(LogStreamer.POLL.toMillis());
            }
        }
    }

    /** The byte lengths of the output the job keeps now (zero when it keeps none yet). */
    private static long[] keptLengths(ExecutionRecord execution) {
        RunOutput output = execution.runOutput();
        return output == null
                ? new long[] {0, 0}
                : new long[] {
                    output.stdout().getBytes(StandardCharsets.UTF_8).length,
                    output.stderr().getBytes(StandardCharsets.UTF_8).length
                };
    }

    /**
     * Prints the run output the job keeps (following: once the execution ends) from the offsets on:
     * all of it when nothing came from the node, else what the node's last reads missed.
     */
    private void fallBack(
            String jobId,
            ExecutionRecord execution,
            boolean follow,
            String reason,
            long outOffset,
            long errOffset)
            throws InterruptedException {
        ExecutionRecord e = execution;
        while (follow && !e.state().isTerminal()) {
            Thread.sleep(LogStreamer.POLL.toMillis());
            e = refresh(jobId, e);
        }
        RunOutput output = e.runOutput();
        if (output == null) {
            note(
                    reason
                            + "; execution "
                            + e.id()
                            + " has no output yet ("
                            + e.state().text()
                            + ")");
            return;
        }
        boolean cut = output.stdoutTruncated() || output.stderrTruncated();
        if ((outOffset == 0 && errOffset == 0) || cut) {
            note(
                    reason
                            + "; showing the output the job keeps, truncated to the first "
                            + RunOutput.SUMMARY_LIMIT / 1024
                            + " KiB of each stream"
                            + (cut
                                    ? " (this output was cut; `caravel job get` has all of it when "
                                            + "the job publishes its results)"
                                    : ""));
        }
        stdout.write(rest(output.stdout(), outOffset));
        stderr.write(rest(output.stderr(), errOffset));
    }

    private static byte[] rest(String kept, long offset) {
        byte[] bytes = kept.getBytes(StandardCharsets.UTF_8);
        return offset >= bytes.length
                ? new byte[0]
                : Arrays.copyOfRange(bytes, (int) offset, bytes.length);
    }

    private void note(String text) {
        synchronized (err) {
            err.println(notePrefix + text);
            err.flush();
        }
    }

    /**
     * The execution as the job describes it now; as it was when the query fails (the next poll
     * tries again).
     */
    private ExecutionRecord refresh(String jobId, ExecutionRecord execution) {
        try {
            return new ExecutionPager(client, JobQueries.describe(client, jobId))
                    .ofPartition(execution.partitionIndex()).stream()
                            .filter(e -> e.id().equals(execution.id()))
                            .findFirst()
                            .orElse(execution);
        } catch (RuntimeException e) {
            return execution;
        }
    }
}
