package io.caravel.cli.serve;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer other than 200, as Bacalhau's {@code apimodels.APIError} body: {@code Status}, {@code
 * Message}, {@code RequestID}, {@code Code} (a {@code bacerrors} code such as {@code NotFound}),
 * {@code Component} and {@code Hint}. Bacalhau's clients print the message and the hint.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final String COMPONENT = "Caravel";

    private final int status;
    private final String code;
    private final String hint;

    ApiError(int status, String code, String message, String hint) {
        super(message);
        this.status = status;
        this.code = code;
        this.hint = hint == null ? "" : hint;
    }

    static ApiError badRequest(String message, String hint) {
        return new ApiError(400, "BadRequest", message, hint);
    }

    static ApiError notFound(String message, String hint) {
        return new ApiError(404, "NotFound", message, hint);
    }

    static ApiError notImplemented(String message, String hint) {
        return new ApiError(501, "NotImplemented", message, hint);
    }

    int status() {
        return status;
    }

    /** The JSON body, with the request's id. */
    Map<String, Object> body(String requestId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Status", status);
        m.put("Message", getMessage());
        m.put("RequestID", requestId);
        m.put("Code", code);
        m.put("Component", COMPONENT);
        if (!hint.isEmpty()) {
            m.put("Hint", hint);
        }
        return m;
    }
}
