package io.caravel.cli;

import io.caravel.api.quantity.Quantities;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.JobResult;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints a job's progress while {@code job run} waits: one plain line per change of the job's or an
 * execution's state, of the bytes its node staged, or of its running step's progress line ({@link
 * StepProgress}), or, on a terminal, one status line redrawn in place.
 */
final class ProgressWatcher {
    private final PrintWriter out;
    private final boolean terminal;
    private final Map<String, String> seen = new HashMap<>();
    private String jobState = "";
    private int lastLineLength;

    ProgressWatcher(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * Shows {@code d}, with {@code progress}: the progress line of executions' running steps, by
     * execution ID.
     */
    void update(JobDescription d, Map<String, String> progress) {
        show(d.state().text(), d.executions(), progress);
    }

    void finish(JobResult result) {
        show(result.state().text(), result.executions(), Map.of());
        if (terminal && lastLineLength > 0) {
            out.println();
        }
        out.flush();
    }

    private void show(
            String state, List<ExecutionRecord> executions, Map<String, String> progress) {
        if (terminal) {
            String line =
                    "Job "
                            + state
                            + executions.stream()
                                    .map(e -> "  " + shortId(e.id()) + " " + status(e, progress))
                                    .collect(Collectors.joining());
            out.print("\r" + line + " ".repeat(Math.max(0, lastLineLength - line.length())));
            lastLineLength = line.length();
            out.flush();
            return;
        }
        if (!state.equals(jobState)) {
            jobState = state;
            out.println("Job: " + state);
        }
        for (ExecutionRecord e : executions) {
            String executionState = status(e, progress);
            if (!executionState.equals(seen.put(e.id(), executionState))) {
                out.println(shortId(e.id()) + " node " + e.nodeId() + ": " + executionState);
            }
        }
        out.flush();
    }

    /**
     * The execution's state, the size of its inputs once its node staged them, and its step's
     * progress: {@code Publishing (staged 1.50 MiB) - publishing 3.10 MiB of results with local}.
     */
    private static String status(ExecutionRecord e, Map<String, String> progress) {
        String line = progress.get(e.id());
        return e.state().text()
                + (e.stagedBytes() > 0
                        ? " (staged " + Quantities.formatBytes(e.stagedBytes()) + ")"
                        : "")
                + (line == null ? "" : " - " + line);
    }

    /** Enough of an execution ID to tell executions apart in one job. */
    static String shortId(String id) {
        return id.length() <= 10 ? id : id.substring(0, 10);
    }
}
