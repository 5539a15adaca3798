package io.caravel.workflows.internal;

import io.caravel.api.model.RunOutput;
import io.caravel.workflows.model.ExecutionRecord;
import java.util.List;

/**
 * How much of the executions' stdout and stderr a job's result and description carry, all
 * executions together. Temporal refuses a workflow result (and a query answer) over 2 MB: a job of
 * 1,000 executions that each printed the 2 KiB kept per stream was terminated by the server after
 * all of them completed. Past the budget each execution keeps an equal share of each stream, marked
 * truncated; the whole output stays in the published results and the execution's logs.
 */
final class OutputBudget {
    /**
     * Characters of output for all executions together; the rest of a 2,000-execution result fits
     * beside it.
     */
    static final int CHARS = 768 * 1024;

    private OutputBudget() {}

    static List<ExecutionRecord> fit(List<ExecutionRecord> executions) {
        long total = 0;
        for (ExecutionRecord e : executions) {
            if (e.runOutput() != null) {
                total += e.runOutput().stdout().length() + e.runOutput().stderr().length();
            }
        }
        if (total <= CHARS) {
            return executions;
        }
        int share = CHARS / (2 * executions.size());
        return executions.stream()
                .map(e -> e.runOutput() == null ? e : withOutput(e, cut(e.runOutput(), share)))
                .toList();
    }

    private static RunOutput cut(RunOutput o, int share) {
        boolean outCut = o.stdout().length() > share;
        boolean errCut = o.stderr().length() > share;
        return new RunOutput(
                outCut ? o.stdout().substring(0, share) : o.stdout(),
                o.stdoutTruncated() || outCut,
                errCut ? o.stderr().substring(0, share) : o.stderr(),
                o.stderrTruncated() || errCut,
                o.exitCode(),
                o.errorMsg());
    }

    private static ExecutionRecord withOutput(ExecutionRecord e, RunOutput output) {
        return new ExecutionRecord(
                e.id(),
                e.nodeId(),
                e.partitionIndex(),
                e.attempt(),
                e.state(),
                e.desiredState(),
                output,
                e.publishedResult(),
                e.message(),
                e.createTime(),
                e.modifyTime(),
                e.stagedBytes());
    }
}
