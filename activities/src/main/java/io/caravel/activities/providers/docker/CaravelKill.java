package io.caravel.activities.providers.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A marker in an execution's directory that says Caravel itself killed the execution's container
 * (cancellation: a stop, a timeout), written just before the kill. The container stays until the
 * execution is released, so an attempt that re-attaches to it finds the end was Caravel's own, not
 * the program's and not the infrastructure's, and answers as the killing attempt did.
 */
final class CaravelKill {
    private static final Logger log = LoggerFactory.getLogger(CaravelKill.class);
    static final String FILE = "docker-killed-by-caravel";

    private CaravelKill() {}

    /** Records that Caravel kills the execution's container now. */
    static void record(Path executionDir) {
        try {
            Files.createDirectories(executionDir);
            Files.writeString(
                    executionDir.resolve(FILE), Instant.now() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("could not record in {} that Caravel kills its container", executionDir, e);
        }
    }

    /** Whether Caravel killed the execution's container. */
    static boolean recorded(Path executionDir) {
        return Files.exists(executionDir.resolve(FILE));
    }
}
