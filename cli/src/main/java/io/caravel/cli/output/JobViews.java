package io.caravel.cli.output;

import io.caravel.api.model.Job;
import io.caravel.api.model.RunOutput;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.JobEvent;
import java.util.List;

/** The tables of {@code job describe}, {@code job executions} and {@code job history}. */
public final class JobViews {
    private static final int OUTPUT_PREVIEW_LINES = 5;

    private JobViews() {
    }

    /** The job's overview, its executions and its history, as {@code job describe} prints them. */
    public static String describe(JobDescription d) {
        Job job = d.job();
        StringBuilder s = new StringBuilder();
        s.append(new Table("ID", "Name", "Namespace", "Type", "State", "Message", "Count")
                .row(job.id(), job.name(), job.namespace(), job.type(), d.state().text(), d.message(), job.count())
                .render());
        s.append("\nExecutions\n").append(executions(d.executions()));
        s.append("\nHistory\n").append(history(d.history()));
        for (ExecutionRecord e : d.executions()) {
            RunOutput out = e.runOutput();
            if (out != null && !out.stdout().isEmpty()) {
                s.append("\nStandard output of ").append(e.id()).append('\n').append(preview(out.stdout()));
            }
        }
        return s.toString();
    }

    /** One row per execution. */
    public static String executions(List<ExecutionRecord> executions) {
        Table t = new Table("ID", "Node", "Partition", "Attempt", "State", "Exit", "Message", "Created",
                "Modified");
        for (ExecutionRecord e : executions) {
            RunOutput out = e.runOutput();
            t.row(e.id(), e.nodeId(), e.partitionIndex(), e.attempt(), e.state().text(),
                    out == null ? "" : out.exitCode(), e.message(), Times.nanos(e.createTime()),
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
        lines.stream().limit(OUTPUT_PREVIEW_LINES).forEach(l -> s.append("  ").append(l).append('\n'));
        if (lines.size() > OUTPUT_PREVIEW_LINES) {
            s.append("  ... (").append(lines.size() - OUTPUT_PREVIEW_LINES).append(" more lines)\n");
        }
        return s.toString();
    }
}
