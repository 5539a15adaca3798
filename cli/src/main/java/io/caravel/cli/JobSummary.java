package io.caravel.cli;

import io.caravel.api.model.RunOutput;
import io.caravel.cli.output.BacalhauShapes;
import io.caravel.cli.output.JobViews;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobResult;

/**
 * What {@code job run} prints when the job has ended: its state, each execution's outcome, the
 * hints.
 */
final class JobSummary {
    private JobSummary() {}

    /**
     * The summary, then Bacalhau's hints; {@code hints} false when the server the job ran on is
     * gone (an embedded run), where `job describe` and `job get` could not find it.
     */
    static String render(JobResult result, boolean published, boolean hints) {
        StringBuilder s = new StringBuilder();
        s.append('\n')
                .append("Job ")
                .append(result.jobId())
                .append(' ')
                .append(result.state().text());
        if (result.message() != null && !result.message().isEmpty()) {
            s.append(": ").append(result.message());
        }
        s.append('\n');
        for (ExecutionRecord e : result.executions()) {
            RunOutput out = e.runOutput();
            s.append("Execution ")
                    .append(e.id())
                    .append(" on node ")
                    .append(e.nodeId())
                    .append(": ")
                    .append(e.state().text());
            if (out != null) {
                s.append(", exit code ").append(out.exitCode());
                if (!out.errorMsg().isEmpty()) {
                    s.append(", error: ").append(out.errorMsg());
                }
            }
            s.append('\n');
            if (out != null && !out.stdout().isEmpty()) {
                s.append(JobViews.preview(out.stdout()));
            }
        }
        if (!result.chunks().isEmpty()) {
            // A job run in chunks returns counts, not executions: `job describe` pages through
            // them.
            s.append("Executions in ").append(result.chunks().size()).append(" child workflows:");
            BacalhauShapes.ordered(result.summary())
                    .forEach((state, n) -> s.append(' ').append(state).append(' ').append(n));
            s.append('\n');
        }
        if (!hints) {
            return s.toString();
        }
        s.append("\nTo get more details about the run, execute:\n\tcaravel job describe ")
                .append(result.jobId())
                .append('\n');
        if (published) {
            s.append("\nTo get the results, execute:\n\tcaravel job get ")
                    .append(result.jobId())
                    .append('\n');
        }
        return s.toString();
    }
}
