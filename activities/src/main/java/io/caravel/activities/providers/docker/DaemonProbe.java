package io.caravel.activities.providers.docker;

import com.github.dockerjava.api.DockerClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the node's Docker daemon answers, for placement: a {@code ping}, at most one every {@code
 * maxAge} (the answer is kept that long) and waited for at most {@code timeout}, on a thread of its
 * own so that a daemon that accepts connections but never answers cannot hold a claim. A ping still
 * under way after {@code timeout} counts as no answer; the next question waits for it again rather
 * than starting another.
 */
final class DaemonProbe {
    private static final Logger log = LoggerFactory.getLogger(DaemonProbe.class);

    /** How long an answer is kept: a node pings its daemon at most this often. */
    static final Duration MAX_AGE = Duration.ofSeconds(2);

    /** How long a ping may take before the daemon counts as not answering. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final String host;
    private final Supplier<DockerClient> docker;
    private final long maxAgeNanos;
    private final long timeoutNanos;
    private final ThreadPoolExecutor pinger;
    private Future<Optional<String>> inFlight;
    private long inFlightSince;
    private Optional<String> last = Optional.empty();
    private long lastAt;
    private boolean known;

    /**
     * @param host the daemon as the node's configuration names it, for messages
     * @param docker its client, asked for on first use only
     */
    DaemonProbe(String host, Supplier<DockerClient> docker, Duration maxAge, Duration timeout) {
        this.host = Objects.requireNonNull(host, "host");
        this.docker = Objects.requireNonNull(docker, "docker");
        this.maxAgeNanos = maxAge.toNanos();
        this.timeoutNanos = timeout.toNanos();
        // No thread while idle: it ends 30 s after a ping.
        this.pinger =
                new ThreadPoolExecutor(
                        0,
                        1,
                        30,
                        TimeUnit.SECONDS,
                        new SynchronousQueue<>(),
                        r -> {
                            Thread t = new Thread(r, "docker-daemon-probe");
                            t.setDaemon(true);
                            return t;
                        });
    }

    /**
     * The probe of the daemon {@code docker} connects to: over a client of its own whose answers
     * are awaited at most {@link #TIMEOUT} when {@code docker} is {@link DockerClients#lazy}'s
     * (else over {@code docker} itself), its answer kept {@link #MAX_AGE}.
     */
    static DaemonProbe of(Supplier<DockerClient> docker) {
        if (docker instanceof DockerClients.Lazy lazy) {
            return new DaemonProbe(lazy.host(), () -> lazy.quick(TIMEOUT), MAX_AGE, TIMEOUT);
        }
        return new DaemonProbe("the node's dockerHost", docker, MAX_AGE, TIMEOUT);
    }

    /**
     * Why the daemon cannot take work now ({@code docker daemon at HOST is not answering: ...});
     * empty when it answers.
     */
    Optional<String> problem() {
        Future<Optional<String>> ping;
        long since;
        synchronized (this) {
            long now = System.nanoTime();
            if (known && now - lastAt < maxAgeNanos) {
                return last;
            }
            if (inFlight == null) {
                inFlight = pinger.submit(this::ping);
                inFlightSince = now;
            }
            ping = inFlight;
            since = inFlightSince;
        }
        long left = Math.max(0, since + timeoutNanos - System.nanoTime());
        try {
            Optional<String> answer = ping.get(left, TimeUnit.NANOSECONDS);
            record(ping, answer);
            return answer;
        } catch (TimeoutException e) {
            return Optional.of(
                    notAnswering(
                            "no answer to a ping within "
                                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                                    + " ms"));
        } catch (ExecutionException e) {
            Optional<String> answer = Optional.of(notAnswering(DaemonFailures.cause(e.getCause())));
            record(ping, answer);
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(notAnswering("interrupted while waiting for its answer"));
        }
    }

    private Optional<String> ping() {
        try {
            docker.get().pingCmd().exec();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(notAnswering(DaemonFailures.cause(e)));
        }
    }

    private synchronized void record(Future<Optional<String>> ping, Optional<String> answer) {
        if (inFlight != ping) {
            return; // Recorded by another caller already.
        }
        inFlight = null;
        if (known && last.isPresent() != answer.isPresent()) {
            if (answer.isPresent()) {
                log.warn("{}", answer.get());
            } else {
                log.info(
                        "docker daemon at {} answers again; placement of docker work resumes",
                        host);
            }
        } else if (!known && answer.isPresent()) {
            log.warn("{}", answer.get());
        }
        last = answer;
        lastAt = System.nanoTime();
        known = true;
    }

    private String notAnswering(String cause) {
        return "docker daemon at "
                + host
                + " is not answering: "
                + cause
                + "; placement resumes when it answers";
    }
}
