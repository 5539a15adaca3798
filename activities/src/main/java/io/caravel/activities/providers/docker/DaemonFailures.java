package io.caravel.activities.providers.docker;

import com.github.dockerjava.api.exception.DockerException;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Tells a daemon that cannot be reached (nothing listening, a wrong socket path, a TLS handshake
 * refused either way) from everything else, and says so in a {@link ErrorCode#NODE_FAILURE}: the
 * node's configuration or daemon is at fault, not the task, so another node may run it.
 */
final class DaemonFailures {
    private DaemonFailures() {}

    /**
     * Phrases of a daemon whose own runtime (containerd) is going away or gone: it is stopping or
     * restarting.
     */
    private static final List<String> RUNTIME_GOING_AWAY =
            List.of(
                    "client connection is closing",
                    "transport is closing",
                    "error while dialing",
                    "containerd.sock",
                    "daemon is shutting down");

    /** {@code e} itself, unless the daemon was never reached or said it is going away. */
    static RuntimeException translate(RuntimeException e) {
        if (e instanceof DockerException d && runtimeGoingAway(d)) {
            return new CaravelException(
                    ErrorCode.NODE_FAILURE,
                    "the Docker daemon is stopping or restarting: " + d.getMessage().strip(),
                    "the execution is tried again on this node once the daemon is back",
                    List.of(),
                    e);
        }
        if (e instanceof DockerException || e instanceof CaravelException) {
            return e; // The daemon answered, or Caravel already said what went wrong.
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (unreachable(t)) {
                return new CaravelException(
                        ErrorCode.NODE_FAILURE,
                        "the Docker daemon cannot be reached: " + t,
                        "check this node's dockerHost (and dockerCertPath for a daemon behind TLS), and that dockerd"
                                + " runs there",
                        List.of(),
                        e);
            }
        }
        return e;
    }

    /**
     * Whether the daemon answered with a server error that says its container runtime is going away
     * (seen on Docker 20.10 when a container is started while the daemon stops: {@code Status 500:
     * grpc: the client connection is closing: context canceled}): the node's fault, not the task's.
     */
    static boolean runtimeGoingAway(DockerException e) {
        if (e.getHttpStatus() != 500 || e.getMessage() == null) {
            return false;
        }
        String message = e.getMessage().toLowerCase(java.util.Locale.ROOT);
        return RUNTIME_GOING_AWAY.stream().anyMatch(message::contains);
    }

    /**
     * The wait on a running container broke: the daemon went away (stopped, restarted, crashed) or
     * the connection to it was lost. Retryable on this node: the next attempt re-attaches to the
     * container if it survived, and {@link ContainerEndCheck} tells whether its end was its own.
     */
    static CaravelException lostWhileFollowing(String containerId, Throwable cause) {
        return new CaravelException(
                ErrorCode.NODE_FAILURE,
                "lost the Docker daemon while following container "
                        + containerId
                        + ": "
                        + cause(cause),
                "the execution is tried again on this node once the daemon"
                        + " answers; it re-attaches to the container if the container survived",
                List.of(),
                cause);
    }

    /** The innermost cause of {@code e}, as {@code SimpleName: message}, for messages. */
    static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage().strip();
        return root.getClass().getSimpleName() + message;
    }

    private static boolean unreachable(Throwable t) {
        String name = t.getClass().getSimpleName();
        String message = t.getMessage() == null ? "" : t.getMessage();
        return t instanceof SocketException
                || t instanceof SSLException
                || t instanceof UnknownHostException
                || t instanceof java.nio.file.NoSuchFileException
                || name.equals("NoHttpResponseException")
                || name.equals("ConnectionClosedException")
                // A Unix socket whose daemon went away mid-request (seen as the daemon stops).
                || t instanceof java.io.IOException
                        && (message.contains("Broken pipe")
                                || message.contains("Connection reset"));
    }
}
