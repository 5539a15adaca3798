package io.caravel.activities.providers.docker.egress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies one direction of a proxied connection. The two directions share one activity clock so a
 * long download with a silent client is not cut by the idle timeout: a read that times out gives up
 * only when neither direction has moved for the whole timeout.
 */
final class Pump {
    private static final int BUFFER = 16 * 1024;

    private final AtomicLong lastActivityNanos = new AtomicLong(System.nanoTime());
    private final long idleNanos;

    /** {@code idleNanos} must equal the read timeout set on the sockets the streams come from. */
    Pump(long idleNanos) {
        this.idleNanos = idleNanos;
    }

    /**
     * Copies until {@code in} ends, the connection is idle for the whole timeout, or a socket
     * fails.
     *
     * @return whether {@code in} reached its end (rather than timing out)
     */
    boolean copy(InputStream in, OutputStream out) throws IOException {
        return copy(in, out, Long.MAX_VALUE);
    }

    /**
     * Copies at most {@code limit} bytes, as {@link #copy(InputStream, OutputStream)} otherwise.
     *
     * @return whether {@code limit} bytes were copied or {@code in} reached its end
     */
    boolean copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buf = new byte[BUFFER];
        long left = limit;
        while (left > 0) {
            int n;
            try {
                n = in.read(buf, 0, (int) Math.min(buf.length, left));
            } catch (SocketTimeoutException e) {
                if (System.nanoTime() - lastActivityNanos.get() < idleNanos) {
                    continue;
                }
                return false;
            }
            if (n < 0) {
                return true;
            }
            out.write(buf, 0, n);
            out.flush();
            left -= n;
            lastActivityNanos.set(System.nanoTime());
        }
        return true;
    }
}
