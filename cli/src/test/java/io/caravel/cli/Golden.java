package io.caravel.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Golden files under {@code src/test/resources/golden/}, compared after ids and times are
 * normalised.
 */
final class Golden {
    private Golden() {}

    static String normalise(String text) {
        return text.replaceAll("j-[0-9a-f]{8}-[0-9a-f-]{27}", "<job-id>")
                .replaceAll("e-[0-9a-f]{8}-[0-9a-f-]{27}", "<execution-id>")
                .replaceAll("e-[0-9a-f]{8}", "<execution>")
                .replaceAll("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}", "<time>");
    }

    static String read(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new AssertionError("no golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
