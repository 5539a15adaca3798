package io.caravel.cli.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravel.workflows.CaravelDataConverter;
import io.javalin.http.Context;
import java.util.UUID;

/** Writes answers and reads request bodies as JSON, with Caravel's one mapper. */
final class Json {
    /**
     * The request attribute that marks an error body as written, so that no catch-all replaces it.
     */
    static final String ERROR_WRITTEN = "caravel.errorWritten";

    private final ObjectMapper mapper = CaravelDataConverter.mapper();

    void ok(Context ctx, Object body) throws JsonProcessingException {
        write(ctx, 200, body);
    }

    void error(Context ctx, ApiError e) {
        ctx.attribute(ERROR_WRITTEN, true);
        try {
            write(ctx, e.status(), e.body(UUID.randomUUID().toString()));
        } catch (JsonProcessingException unwritable) {
            ctx.status(e.status()).result(e.getMessage());
        }
    }

    private void write(Context ctx, int status, Object body) throws JsonProcessingException {
        ctx.status(status).contentType("application/json").result(mapper.writeValueAsString(body));
    }

    /** The request body as a JSON object; an empty body is an empty object. */
    JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            return mapper.createObjectNode();
        }
        try {
            JsonNode node = mapper.readTree(text);
            if (!node.isObject()) {
                throw ApiError.badRequest(
                        "the request body is not a JSON object", "send {\"Job\": {...}}");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest(
                    "the request body is not JSON: " + e.getOriginalMessage(), "");
        }
    }

    String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
