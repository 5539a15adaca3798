package io.caravel.activities.engines.docker;

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
    private DaemonFailures() {
    }

    /** {@code e} itself, unless the daemon was never reached. */
    static RuntimeException translate(RuntimeException e) {
        if (e instanceof DockerException || e instanceof CaravelException) {
            return e; // The daemon answered, or Caravel already said what went wrong.
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (unreachable(t)) {
                return new CaravelException(ErrorCode.NODE_FAILURE, "the Docker daemon cannot be reached: " + t,
                        "check this node's dockerHost (and dockerCertPath for a daemon behind TLS), and that dockerd"
                                + " runs there", List.of(), e);
            }
        }
        return e;
    }

    private static boolean unreachable(Throwable t) {
        return t instanceof SocketException || t instanceof SSLException || t instanceof UnknownHostException
                || t instanceof java.nio.file.NoSuchFileException
                || t.getClass().getSimpleName().equals("NoHttpResponseException");
    }
}
