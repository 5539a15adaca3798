package io.caravel.cli.output;

import io.caravel.api.model.Job;
import io.caravel.api.model.RunOutput;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.JobEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tables of {@code job describe}, {@code job executions} and {@code job history}. */
public final class JobViews {
    private static final int OUTPUT_PREVIEW_LINES = 5;

    private JobViews() {}

    /**
     * As {@code job describe} prints it: Bacalhau's {@code Key = Value} block and execution summary
     * (every execution per state), then one page of the executions, the history and the standard
     * output of each execution of the page.
     */
    public static String describe(
            JobDescription d, Map<String, Integer> counts, List<ExecutionRecord> page) {
        Job job = d.job();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("ID", job.id());
        header.put("Name", job.name());
        header.put("Namespace", job.namespace());
        header.put("Type", job.type());
        header.put("State", d.state().text());
        header.put("Message", d.message());
        if ("batch".equals(job.type()) || "service".equals(job.type())) {
            header.put("Count", job.count());
        }
        header.put("Created Time", Times.nanos(job.createTime()));
        header.put("Modified Time", Times.nanos(job.modifyTime()));
        header.put("Version", job.version());
        StringBuilder s = new StringBuilder(keyValue(header));
        s.append("\nSummary\n")
                .append(keyValue(new LinkedHashMap<>(BacalhauShapes.ordered(counts))));
        s.append("\nExecutions\n").append(executions(page));
        s.append("\nHistory\n").append(history(d.history()));
        for (ExecutionRecord e : page) {
            RunOutput out = e.runOutput();
            if (out != null && !out.stdout().isEmpty()) {
                s.append("\nStandard output of ")
                        .append(e.id())
                        .append('\n')
                        .append(preview(out.stdout()));
            }
        }
        return s.toString();
    }

    /**
     * Bacalhau's {@code output.KeyValue}: keys padded to the longest, {@code key = value}, empty
     * values left out.
     */
    static String keyValue(Map<String, Object> pairs) {
        int width = pairs.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder s = new StringBuilder();
        pairs.forEach(
                (k, v) -> {
                    String value = v == null ? "" : v.toString();
                    if (!value.isEmpty()) {
                        s.append(String.format("%-" + width + "s = %s\n", k, value));
                    }
                });
        return s.toString();
    }

    /** One row per execution. */
    public static String executions(List<ExecutionRecord> executions) {
        Table t =
                new Table(
                        "ID",
                        "Node",
                        "Partition",
                        "Attempt",
                        "State",
                        "Exit",
                        "Message",
                        "Created",
                        "Modified");
        for (ExecutionRecord e : executions) {
            RunOutput out = e.runOutput();
            t.row(
                    e.id(),
                    e.nodeId(),
                    e.partitionIndex(),
                    e.attempt(),
                    e.state().text(),
                    out == null ? "" : out.exitCode(),
                    e.message(),
                    Times.nanos(e.createTime()),
                    Times.nanos(e.modifyTime()));
        }
        return t.render();
    }

    /** One row per event. */
    public static String history(List<JobEvent> events) {
        Table t = new Table("Time", "Topic", "Execution", "Message");
        events.forEach(e -> t.row(Times.millis(e.time()), e.topic(), e.executionId(), e.message()));
        return t.render();
    }

    /** The first lines of {@code text}, indented, with a note when lines were left out. */
    public static String preview(String text) {
        List<String> lines = text.lines().toList();
        StringBuilder s = new StringBuilder();
        lines.stream()
                .limit(OUTPUT_PREVIEW_LINES)
                .forEach(l -> s.append("  ").append(l).append('\n'));
        if (lines.size() > OUTPUT_PREVIEW_LINES) {
            s.append("  ... (")
                    .append(lines.size() - OUTPUT_PREVIEW_LINES)
                    .append(" more lines)\n");
        }
        return s.toString();
    }
}
