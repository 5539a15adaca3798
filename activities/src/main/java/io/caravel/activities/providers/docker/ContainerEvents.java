package io.caravel.activities.providers.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's events about one container, from just before it started: a subscription to its
 * {@code kill}, {@code stop}, {@code die} and {@code destroy} events, opened while Caravel follows
 * the container. The daemon first replays what its in-memory event buffer still holds (it keeps the
 * newest few hundred events, and none from before it last started), then streams new ones as they
 * happen, so an end seen while following is never missed.
 *
 * <p>Verified on Docker 20.10 (Debian's docker.io): the daemon logs {@code kill} (attribute {@code
 * signal}, a number) for every signal it sends (API kill or stop, {@code rm -f}, its own shutdown
 * and, after a crash, its restore), always before the container's {@code die}; {@code stop} after
 * the {@code die} of a container it stopped; {@code destroy} when it removes one. A process that
 * ends by itself, by its own signal or by the kernel's OOM killer gets only {@code die}.
 */
final class ContainerEvents extends StreamCompletion<Event> {
    static final String KILL = "kill";
    static final String STOP = "stop";
    static final String DIE = "die";
    static final String DESTROY = "destroy";

    private final List<Event> events = new CopyOnWriteArrayList<>();

    /** Notified on each event and at the stream's end, so that {@link #await} wakes at once. */
    private final Object arrivals = new Object();

    /**
     * Subscribes to the events of {@code containerId} since one second before {@code startedAt}.
     */
    static ContainerEvents follow(DockerClient client, String containerId, Instant startedAt) {
        Instant since = startedAt.minusSeconds(1);
        return client.eventsCmd()
                .withContainerFilter(containerId)
                .withEventTypeFilter(EventType.CONTAINER)
                .withEventFilter(KILL, STOP, DIE, DESTROY)
                .withSince(since.getEpochSecond() + "." + String.format("%09d", since.getNano()))
                .exec(new ContainerEvents());
    }

    @Override
    public void onNext(Event event) {
        events.add(event);
        wakeAwaiters();
    }

    @Override
    public void onError(Throwable throwable) {
        super.onError(throwable);
        wakeAwaiters();
    }

    @Override
    public void onComplete() {
        super.onComplete();
        wakeAwaiters();
    }

    private void wakeAwaiters() {
        synchronized (arrivals) {
            arrivals.notifyAll();
        }
    }

    /**
     * Waits up to {@code millis} for an event with {@code action}; returns early when the stream
     * ends.
     *
     * @return whether such an event was seen
     */
    boolean await(String action, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        synchronized (arrivals) {
            while (!seen(action)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || ended(0)) {
                    return seen(action);
                }
                TimeUnit.NANOSECONDS.timedWait(arrivals, left);
            }
        }
        return true;
    }

    boolean seen(String action) {
        return events.stream().anyMatch(e -> action.equals(action(e)));
    }

    /** Whether a {@code kill} event was seen (with any signal). */
    boolean killed() {
        return seen(KILL);
    }

    /**
     * The first event that says the daemon ended the container: a {@code kill} with SIGKILL or
     * SIGTERM (what {@code docker kill}, {@code docker stop}, {@code docker rm -f} and a daemon
     * shutdown send), a {@code stop} (a stop with any stop signal) or a {@code destroy}. Other
     * signals (HUP, USR1 ...) are ones a program may handle, so alone they do not count.
     */
    Optional<String> endedByDaemon() {
        for (Event e : events) {
            String action = action(e);
            if (KILL.equals(action)) {
                String signal = attributes(e).getOrDefault("signal", "");
                if (signal.equals("9") || signal.equals("15")) {
                    return Optional.of(
                            "the Docker daemon sent it "
                                    + (signal.equals("9") ? "SIGKILL" : "SIGTERM")
                                    + " at "
                                    + time(e));
                }
            } else if (STOP.equals(action)) {
                return Optional.of("the Docker daemon stopped it at " + time(e));
            } else if (DESTROY.equals(action)) {
                return Optional.of("the Docker daemon removed it at " + time(e));
            }
        }
        return Optional.empty();
    }

    private static String action(Event e) {
        return e.getAction() != null ? e.getAction() : e.getStatus();
    }

    private static Map<String, String> attributes(Event e) {
        return e.getActor() == null || e.getActor().getAttributes() == null
                ? Map.of()
                : e.getActor().getAttributes();
    }

    private static String time(Event e) {
        if (e.getTimeNano() != null) {
            return Instant.ofEpochSecond(0, e.getTimeNano()).toString();
        }
        return e.getTime() == null
                ? "an unknown time"
                : Instant.ofEpochSecond(e.getTime()).toString();
    }
}
