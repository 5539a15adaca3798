package io.caravel.activities.providers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Tells a container that ended by itself (its program exited, killed itself, was OOM-killed) from
 * one that something else ended, and raises {@link ErrorCode#EXECUTION_LOST} for the latter: its
 * exit code (typically 137 or 143) is not the program's result, and the partition must run again.
 * Opened while Caravel follows the container ({@link ContainerEvents}), consulted once the wait on
 * it returned. The rules, in order:
 *
 * <ol>
 *   <li>Caravel killed it (cancellation: a stop, a timeout; {@link CaravelKill}, written before the
 *       kill). Its own end: the attempt that killed it answered already, and one that re-attaches
 *       answers the same.
 *   <li>The daemon's events show it ended the container: a {@code kill} with SIGKILL or SIGTERM, a
 *       {@code stop} or a {@code destroy} (a daemon stop or restart, an operator's {@code docker
 *       kill}, {@code docker stop}, {@code docker rm -f}). Lost.
 *   <li>The events show the container's {@code die} and nothing of the above: the program ended by
 *       itself, its exit code is the result (an OOM kill is told apart later, from the state).
 *   <li>The events say nothing (the daemon's in-memory buffer was lost in a restart or has moved
 *       on): the container is inspected. Gone ⇒ someone removed it: lost. The daemon not answering
 *       right after the end ⇒ it is going down and took the container with it: lost.
 *   <li>Still undecided, and the node lost the daemon while the container ran ({@link DaemonLoss},
 *       written when the wait on the container broke), the container ended after that, and the
 *       daemon does not keep containers running across restarts ({@code LiveRestoreEnabled} false
 *       in {@code docker info}): the daemon's restart ended it. Lost.
 *   <li>Otherwise the end is the program's.
 * </ol>
 *
 * <p>What these rules cannot see: a container that a daemon restart ended while no worker followed
 * it and whose events are gone (a graceful restart that ended it while the worker was down too) is
 * taken as the program's end; a container that ended by itself while a crashed daemon (no
 * live-restore) was down is taken as lost, and runs again.
 */
final class ContainerEndCheck implements AutoCloseable {
    /** Who ended the container, when it was not lost. */
    enum Cause {
        /** Its program: the exit code is the result. */
        PROGRAM,
        /** Caravel, on cancellation. */
        CARAVEL
    }

    /**
     * How long the daemon may take to deliver the container's {@code die} event once the wait
     * returned.
     */
    private static final long DIE_EVENT_MILLIS = 3_000;

    /** How far behind this host's clock a daemon's may be. */
    private static final Duration DAEMON_CLOCK_SKEW = Duration.ofSeconds(60);

    /** How long a {@code stop} may follow the {@code die} of a container that got a signal. */
    private static final long STOP_EVENT_MILLIS = 1_500;

    private final DockerClient client;
    private final String containerId;
    private final ContainerEvents events;

    private ContainerEndCheck(DockerClient client, String containerId, ContainerEvents events) {
        this.client = client;
        this.containerId = containerId;
        this.events = events;
    }

    /**
     * Starts watching {@code containerId} (started, or already ended) for what ends it. {@code
     * startedBefore}, when not null, is a time on this host's clock before the caller started the
     * container, so the daemon need not be asked when it started (null: a container found again).
     * The events are then asked for from a minute before it, which covers a daemon whose clock is
     * behind this host's by up to that.
     */
    static ContainerEndCheck open(DockerClient client, String containerId, Instant startedBefore) {
        Instant since;
        if (startedBefore != null) {
            since = startedBefore.minus(DAEMON_CLOCK_SKEW);
        } else {
            InspectContainerResponse.ContainerState state =
                    client.inspectContainerCmd(containerId).exec().getState();
            since = parse(state.getStartedAt()).orElse(Instant.now().minus(DAEMON_CLOCK_SKEW));
        }
        return new ContainerEndCheck(
                client, containerId, ContainerEvents.follow(client, containerId, since));
    }

    /**
     * Who ended the container, its program or Caravel; throws when it was something else. Call once
     * the wait on the container returned its exit code.
     *
     * @throws CaravelException {@link ErrorCode#EXECUTION_LOST} when something else ended it
     */
    Cause requireNotLost(ExecutionContext execution) throws InterruptedException {
        if (CaravelKill.recorded(execution.executionDir())) {
            return Cause.CARAVEL;
        }
        boolean died = events.await(ContainerEvents.DIE, DIE_EVENT_MILLIS);
        if (died && events.killed() && events.endedByDaemon().isEmpty()) {
            // A stop with another stop signal than SIGTERM is logged right after the die.
            events.await(ContainerEvents.STOP, STOP_EVENT_MILLIS);
        }
        Optional<String> byDaemon = events.endedByDaemon();
        if (byDaemon.isPresent()) {
            throw lost(
                    execution,
                    byDaemon.get()
                            + " (a daemon stop or restart, or an operator's docker kill, stop"
                            + " or rm)");
        }
        if (died) {
            return Cause.PROGRAM;
        }
        InspectContainerResponse.ContainerState state;
        try {
            state = client.inspectContainerCmd(containerId).exec().getState();
        } catch (NotFoundException e) {
            throw lost(
                    execution,
                    "it was removed while it ran (docker rm -f, or the daemon's clean-up)");
        } catch (RuntimeException e) {
            RuntimeException translated = DaemonFailures.translate(e);
            if (translated instanceof CaravelException c && c.code() == ErrorCode.NODE_FAILURE) {
                throw lost(
                        execution,
                        "the Docker daemon stopped answering as it ended (it is going down, and"
                                + " takes its containers with it): "
                                + DaemonFailures.cause(e));
            }
            throw e;
        }
        Optional<Instant> daemonLost = DaemonLoss.recorded(execution.executionDir());
        if (daemonLost.isPresent()
                && !Boolean.TRUE.equals(state.getRunning())
                && parse(state.getFinishedAt())
                        .map(f -> !f.isBefore(daemonLost.get().minusSeconds(1)))
                        .orElse(true)
                && !liveRestore()) {
            throw lost(
                    execution,
                    "this node lost its Docker daemon at "
                            + daemonLost.get()
                            + " while the container"
                            + " ran, and the daemon does not keep containers running across restarts (live-restore is"
                            + " off), so its restart ended it");
        }
        return Cause.PROGRAM;
    }

    /**
     * Call when the wait on the container broke or ended without an exit status: a container that
     * is gone while the daemon still answers was removed (an operator's {@code docker rm -f}), not
     * lost with its daemon.
     *
     * @throws CaravelException {@link ErrorCode#EXECUTION_LOST} when the container is gone
     */
    void requireNotRemoved(ExecutionContext execution) throws InterruptedException {
        try {
            client.inspectContainerCmd(containerId).exec();
        } catch (NotFoundException e) {
            // The kill that came with the removal says more, once its events are in.
            events.await(ContainerEvents.DIE, DIE_EVENT_MILLIS);
            throw lost(
                    execution,
                    events.endedByDaemon()
                            .orElse(
                                    "it was removed while it ran (docker rm -f, or the daemon's clean-up)"));
        } catch (RuntimeException e) {
            // The daemon does not answer: the caller reports the daemon's loss.
        }
    }

    private boolean liveRestore() {
        Object enabled = client.infoCmd().exec().getRawValues().get("LiveRestoreEnabled");
        return Boolean.TRUE.equals(enabled);
    }

    private CaravelException lost(ExecutionContext execution, String why) {
        return new CaravelException(
                ErrorCode.EXECUTION_LOST,
                "container "
                        + shortId(containerId)
                        + " of execution "
                        + execution.executionId()
                        + " was ended by the node's infrastructure, not by its program: "
                        + why
                        + "; its exit code is not the job's result",
                "the partition runs again under a new execution; to keep containers running through daemon"
                        + " restarts, enable live-restore in the Docker daemon's configuration",
                List.of(),
                null);
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /**
     * A time of docker's state; empty for docker's zero time ({@code 0001-01-01T00:00:00Z}) or
     * none.
     */
    private static Optional<Instant> parse(String time) {
        if (time == null || time.isEmpty() || time.startsWith("0001-")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(time));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            events.close();
        } catch (java.io.IOException e) {
            // Closing a stream that already ended; nothing to do.
        }
    }
}
