package io.caravel.activities.providers.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A marker in an execution's directory that says the node lost its Docker daemon while the
 * execution's container ran (the wait on the container broke), with when. The attempt that
 * re-attaches to the container reads it: a container found exited after such a loss, on a daemon
 * without live-restore, was ended by the daemon going down, not by its program. The directory, with
 * the marker, is deleted when the execution is released. The first loss is kept.
 */
final class DaemonLoss {
    private static final Logger log = LoggerFactory.getLogger(DaemonLoss.class);
    static final String FILE = "docker-daemon-lost";

    private DaemonLoss() {}

    /**
     * Records that the daemon was lost now while {@code containerId} ran; a marker already there
     * stays.
     */
    static void record(Path executionDir, String containerId, Throwable cause) {
        Path marker = executionDir.resolve(FILE);
        try {
            Files.createDirectories(executionDir);
            Files.writeString(
                    marker,
                    Instant.now() + "\n" + containerId + "\n" + cause + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            log.debug("the daemon was lost before for {}; keeping the first marker", executionDir);
        } catch (IOException e) {
            log.warn("could not record in {} that the Docker daemon was lost", marker, e);
        }
    }

    /** When the daemon was first lost while this execution's container ran, if it was. */
    static Optional<Instant> recorded(Path executionDir) {
        try {
            String first =
                    Files.readString(executionDir.resolve(FILE), StandardCharsets.UTF_8)
                            .lines()
                            .findFirst()
                            .orElse("");
            return Optional.of(Instant.parse(first.strip()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | DateTimeParseException e) {
            // A marker that cannot be read still says the daemon was lost; its time is unknown.
            log.warn("unreadable marker {}", executionDir.resolve(FILE), e);
            return Optional.of(Instant.EPOCH);
        }
    }
}
