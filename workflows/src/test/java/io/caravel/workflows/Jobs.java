package io.caravel.workflows;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Job documents for tests, written as the JSON a user would submit. */
final class Jobs {
    private Jobs() {
    }

    /** A docker batch job of {@code count} partitions publishing locally, with {@code timeouts} (JSON object). */
    static Map<String, Object> batch(int count, String timeouts) {
        return parse("""
                {"Name": "hello", "Type": "batch", "Count": %d,
                 "Tasks": [{"Name": "main",
                   "Engine": {"Type": "docker", "Params": {"Image": "busybox:1.36", "Parameters": ["echo", "hi"]}},
                   "Publisher": {"Type": "local"},
                   "Timeouts": %s}]}
                """.formatted(count, timeouts));
    }

    static Map<String, Object> batch(int count) {
        return batch(count, "{}");
    }

    static Map<String, Object> parse(String json) {
        try {
            return CaravelDataConverter.mapper().readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
