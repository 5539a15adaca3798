package io.caravel.cli;

import io.caravel.api.model.JobStateType;
import io.caravel.cli.output.OutputFormat;
import io.caravel.workflows.model.JobDescription;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.model.StopResult;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caravel job stop ID}: stops a job through the workflow's {@code stop} update. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops a job; returns once it is Stopped.")
final class JobStopCommand implements Callable<Integer> {
    @ParentCommand
    JobCommand job;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID|NAME", description = "The job: its ID, the short ID `job list` prints (any unique prefix), or its Name.")
    String id;

    @Option(names = "--reason", defaultValue = "stopped by the user via caravel job stop",
            description = "Why the job is stopped, kept in its history.")
    String reason;

    @Option(names = "--quiet", description = "Print nothing on success.")
    boolean quiet;

    /**
     * Stops through the update; a job whose workflow has already closed cannot take updates, so its
     * state is looked up instead: Stopped or Failed is reported as it is, Completed is refused as
     * Bacalhau refuses it.
     */
    private StopResult stop(WorkflowClient client) {
        try {
            return client.newWorkflowStub(JobWorkflow.class, id).stop(reason);
        } catch (WorkflowException e) {
            // A closed workflow takes no updates and answers "not found"; its query still works.
            JobDescription d;
            try {
                d = JobQueries.describe(client, id);
            } catch (RuntimeException notDescribed) {
                e.addSuppressed(notDescribed);
                throw e;
            }
            if (d.state() == JobStateType.COMPLETED) {
                throw new CliException("cannot stop job " + id + " in state Completed", "");
            }
            if (d.state() == JobStateType.STOPPED || d.state() == JobStateType.FAILED) {
                return new StopResult(d.state(), false, "");
            }
            throw e;
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Connection connection = job.root.connect()) {
            id = JobResolver.resolve(connection.client(), id);
            StopResult result = stop(connection.client());
            OutputFormat format = job.root.output();
            if (format != OutputFormat.table) {
                out.print(OutputFormat.structured(format, result));
            } else if (!quiet) {
                out.println(result.stopped() ? "Job " + id + " stopped (was " + result.previousState().text() + ")"
                        : "Job " + id + " was already " + result.previousState().text()
                                + (result.message().isEmpty() ? "" : ": " + result.message()));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
