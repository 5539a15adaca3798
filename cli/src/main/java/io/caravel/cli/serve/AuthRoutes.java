package io.caravel.cli.serve;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/auth} and the check of every request. Without a token the server is open, as a
 * Bacalhau node with its default anonymous policy: {@code GET /api/v1/auth} offers Bacalhau's
 * {@code ClientKey} challenge, and any answer to it earns a token that is accepted and never
 * needed. With a token, every request but {@code agent alive} and {@code agent version} must carry
 * {@code Authorization: Bearer TOKEN} (the Bacalhau CLI sends {@code BACALHAU_API_KEY} so), and the
 * list of methods is empty, which tells the CLI to use an API key.
 */
final class AuthRoutes {
    static final String METHOD = "ClientKey";
    private static final String ANONYMOUS_TOKEN = "caravel-anonymous";
    private static final List<String> OPEN_PATHS =
            List.of("/api/v1/agent/alive", "/api/v1/agent/version", "/api/v1/auth");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<String> token;

    AuthRoutes(Optional<String> token) {
        this.token = token.filter(t -> !t.isBlank());
    }

    void bind(RoutesConfig routes, Json json) {
        routes.get(
                "/api/v1/auth",
                ctx ->
                        json.ok(
                                ctx,
                                Map.of(
                                        "Methods",
                                        token.isPresent()
                                                ? Map.of()
                                                : Map.of(
                                                        METHOD,
                                                        Map.of(
                                                                "type",
                                                                "challenge",
                                                                "params",
                                                                challenge())))));
        routes.post(
                "/api/v1/auth/" + METHOD,
                ctx -> {
                    if (token.isPresent()) {
                        throw ApiError.notFound(
                                "authentication method "
                                        + METHOD
                                        + " is off: this server takes an API key",
                                "set BACALHAU_API_KEY to the token of caravel serve");
                    }
                    json.ok(
                            ctx,
                            Map.of(
                                    "Authentication",
                                    Map.of("success", true, "token", ANONYMOUS_TOKEN)));
                });
    }

    /** Refuses a request without the token, when there is one. */
    void check(Context ctx) {
        if (token.isEmpty()
                || OPEN_PATHS.stream()
                        .anyMatch(p -> ctx.path().equals(p) || ctx.path().startsWith(p + "/"))) {
            return;
        }
        String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
        String expected = "Bearer " + token.get();
        if (!MessageDigest.isEqual(
                header.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(
                    401,
                    "Unauthorized",
                    header.isEmpty() ? "this server needs an API key" : "invalid token",
                    "set BACALHAU_API_KEY to the token caravel serve was started with");
        }
    }

    private static Map<String, String> challenge() {
        byte[] phrase = new byte[32];
        RANDOM.nextBytes(phrase);
        return Map.of("InputPhrase", Base64.getEncoder().encodeToString(phrase));
    }
}
