package io.caravel.cli;

import io.caravel.api.errors.CaravelException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The one place where a command's failure becomes what the user reads: {@code caravel: <message>}
 * and {@code hint: <hint>}, no stack trace unless {@code --debug}, and the exit code of {@link
 * ExitCodes}.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
            Exception e, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        Report report = report(e);
        err.println("caravel: " + report.message());
        if (!report.hint().isEmpty()) {
            err.println("hint: " + report.hint());
        }
        Object root = commandLine.getCommandSpec().root().userObject();
        if (root instanceof CaravelCommand caravel && caravel.debug()) {
            e.printStackTrace(err);
        }
        err.flush();
        return report.exitCode();
    }

    /** What to print for {@code e}. */
    static Report report(Throwable e) {
        if (e instanceof CliException c) {
            return new Report(c.getMessage(), c.hint(), c.exitCode());
        }
        if (e instanceof CaravelException c) {
            return new Report(c.getMessage(), c.hint(), ExitCodes.FAILED);
        }
        if (e instanceof WorkflowNotFoundException n) {
            return new Report(
                    "job " + n.getExecution().getWorkflowId() + " not found",
                    "list jobs with `caravel job list`; check --namespace",
                    ExitCodes.FAILED);
        }
        StatusRuntimeException status = find(e, StatusRuntimeException.class);
        if (status != null && status.getStatus().getCode() == Status.Code.NOT_FOUND) {
            return new Report(
                    "not found: " + status.getStatus().getDescription(),
                    "list jobs with `caravel job list`; check --namespace",
                    ExitCodes.FAILED);
        }
        if (status != null
                && (status.getStatus().getCode() == Status.Code.UNAVAILABLE
                        || status.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED)) {
            return new Report(
                    "the Temporal server did not answer: " + Connection.reason(status),
                    "check the server is up and --address points at it",
                    ExitCodes.UNREACHABLE);
        }
        ApplicationFailure failure = find(e, ApplicationFailure.class);
        if (failure != null) {
            return new Report(failure.getOriginalMessage(), "", ExitCodes.FAILED);
        }
        if (e instanceof WorkflowException || e instanceof WorkflowServiceException) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new Report(cause.getMessage(), "", ExitCodes.FAILED);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new Report(message, "rerun with --debug for the stack trace", ExitCodes.FAILED);
    }

    /** The first of {@code e} and its causes that is a {@code type}, or null. */
    static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    record Report(String message, String hint, int exitCode) {}
}
