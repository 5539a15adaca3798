package io.caravel.cli.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Which ports on 127.0.0.1 nothing is bound to now (a bind test; another process may take one
 * after).
 */
final class LoopbackPorts {
    private static final int LAST = 65535;

    private LoopbackPorts() {}

    /** Whether {@code port} can be bound on 127.0.0.1 now. */
    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port the kernel picks among the free ones. */
    static int anyFree() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** {@code first} when it is free, else the next free one above it (any free one past 65535). */
    static int firstFreeFrom(int first, int... taken) {
        for (int port = first; port <= LAST && port < first + 100; port++) {
            if (!contains(taken, port) && isFree(port)) {
                return port;
            }
        }
        int port;
        do {
            port = anyFree();
        } while (contains(taken, port));
        return port;
    }

    private static boolean contains(int[] ports, int port) {
        for (int p : ports) {
            if (p == port) {
                return true;
            }
        }
        return false;
    }
}
