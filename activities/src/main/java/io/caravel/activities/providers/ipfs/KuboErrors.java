package io.caravel.activities.providers.ipfs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Kubo's error answers ({@code {"Message": "...", "Code": 0, "Type": "error"}}, HTTP 4xx/5xx) as
 * Caravel errors carrying Kubo's message. Messages saying the blocks are not there (yet) or the
 * call timed out are retryable, since the content may be provided later or found by another node;
 * any other answer is not: Kubo would give it again.
 */
final class KuboErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TRANSIENT =
            List.of(
                    "not found locally",
                    "context deadline exceeded",
                    "timeout",
                    "timed out",
                    "context canceled",
                    "could not find");

    private KuboErrors() {}

    /** The error for an answer of HTTP {@code status} with {@code body} to {@code what}. */
    static CaravelException of(URI api, String what, int status, String body) {
        String message = message(body);
        String lower = message.toLowerCase(Locale.ROOT);
        boolean retryable = status >= 502 || TRANSIENT.stream().anyMatch(lower::contains);
        String text = "IPFS node at " + api + " refused " + what + ": " + message;
        return retryable
                ? new CaravelException(
                        ErrorCode.REMOTE_UNAVAILABLE,
                        text,
                        "the content may not be provided yet; check the CID is pinned on an IPFS node this one reaches")
                : new CaravelException(
                        ErrorCode.REMOTE_REFUSED,
                        text,
                        "check the CID (e.g. bafy... or Qm...), as Kubo's message says");
    }

    /** Kubo's {@code Message}, or the body itself when it is not Kubo's JSON. */
    static String message(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.hasNonNull("Message")) {
                return node.get("Message").asText();
            }
        } catch (java.io.IOException e) {
            // not JSON: the body as it came
        }
        String s = body.strip();
        return s.isEmpty() ? "(empty answer)" : s;
    }
}
