package io.caravel.cli.serve;

import io.caravel.api.errors.CaravelException;
import io.caravel.cli.CliException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;

/** Translates what the client code throws into Bacalhau's errors, once, at the API's edge. */
final class ApiErrors {
    private ApiErrors() {}

    static ApiError of(Throwable t) {
        if (t instanceof ApiError e) {
            return e;
        }
        if (t instanceof CliException e) {
            // The client code's messages are already the user's: "job not found: X", "multiple jobs
            // ...".
            return e.getMessage().startsWith("job not found")
                    ? ApiError.notFound(e.getMessage(), e.hint())
                    : ApiError.badRequest(e.getMessage(), e.hint());
        }
        if (t instanceof CaravelException e) {
            return new ApiError(400, "ValidationError", e.getMessage(), "");
        }
        StatusRuntimeException status = find(t, StatusRuntimeException.class);
        WorkflowException workflow = find(t, WorkflowException.class);
        if (workflow != null
                && (workflow instanceof WorkflowNotFoundException
                        || (status != null
                                && status.getStatus().getCode() == Status.Code.NOT_FOUND))) {
            return ApiError.notFound(
                    "job not found: " + workflow.getExecution().getWorkflowId(),
                    "list jobs with `bacalhau job list`");
        }
        if (status != null && status.getStatus().getCode() == Status.Code.UNAVAILABLE) {
            return new ApiError(
                    503,
                    "ServiceUnavailable",
                    "cannot reach Temporal: " + status.getMessage(),
                    "check that the Temporal server caravel serve connects to (--address) is running");
        }
        if (status != null && status.getStatus().getCode() == Status.Code.NOT_FOUND) {
            return ApiError.notFound(status.getStatus().getDescription(), "");
        }
        return new ApiError(
                500, "InternalError", t.getClass().getSimpleName() + ": " + t.getMessage(), "");
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
