package io.caravel.activities.node;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.PortMapping;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Hands out the host ports of a node's executions, as Bacalhau's compute node does
 * (pkg/compute/port_allocator.go): a mapping with {@code Static: 0} gets a port from the node's
 * range that no running execution of this node holds and that nothing on the host is listening on;
 * in Bridge mode an unset {@code Target} becomes that host port. Ports are held per execution until
 * {@link #release}; asking again for the same execution returns the same mappings, so a retried
 * activity keeps its ports. Thread-safe.
 */
public final class HostPortAllocator {
    private final PortRange range;
    private final IntPredicate freeOnHost;
    private final Map<String, List<PortMapping>> byExecution = new HashMap<>();

    /**
     * Host port ⇒ how many running executions hold it (two may ask for one static port; docker
     * refuses the second).
     */
    private final Map<Integer, Integer> held = new HashMap<>();

    private int next;

    /** Ports from {@code range}, skipping those some socket on the host is bound to. */
    public HostPortAllocator(PortRange range) {
        this(range, HostPortAllocator::bindable);
    }

    /**
     * @param freeOnHost whether the host lets a new listener bind the port
     */
    public HostPortAllocator(PortRange range, IntPredicate freeOnHost) {
        this.range = Objects.requireNonNull(range, "range");
        this.freeOnHost = Objects.requireNonNull(freeOnHost, "freeOnHost");
        this.next = range.first();
    }

    public PortRange range() {
        return range;
    }

    /**
     * The mappings of {@code executionId} with every host port set. Static ports are kept as asked
     * (the container runtime refuses a taken one) and held, so they are never handed out to another
     * execution while this one runs.
     *
     * @throws CaravelException {@code NODE_FAILURE} (retryable) when the range has no free port
     *     left
     */
    public synchronized List<PortMapping> allocate(
            String executionId, NetworkType type, List<PortMapping> ports) {
        List<PortMapping> existing = byExecution.get(executionId);
        if (existing != null) {
            return existing;
        }
        List<PortMapping> out = new ArrayList<>();
        Set<Integer> taken = new HashSet<>();
        for (PortMapping port : ports) {
            if (port.staticPort() > 0) {
                taken.add(port.staticPort());
            }
        }
        for (PortMapping port : ports) {
            int host = port.staticPort() > 0 ? port.staticPort() : nextFree(executionId, taken);
            taken.add(host);
            int target = port.target() == 0 && type == NetworkType.BRIDGE ? host : port.target();
            out.add(new PortMapping(port.name(), host, target, port.hostNetwork()));
        }
        List<PortMapping> result = List.copyOf(out);
        taken.forEach(p -> held.merge(p, 1, Integer::sum));
        byExecution.put(executionId, result);
        return result;
    }

    /** The mappings held for {@code executionId}; empty when none are. */
    public synchronized List<PortMapping> allocated(String executionId) {
        return byExecution.getOrDefault(executionId, List.of());
    }

    /** Frees the ports of {@code executionId}; false when it held none. */
    public synchronized boolean release(String executionId) {
        List<PortMapping> ports = byExecution.remove(executionId);
        if (ports == null) {
            return false;
        }
        ports.forEach(p -> held.computeIfPresent(p.staticPort(), (k, n) -> n == 1 ? null : n - 1));
        return true;
    }

    /**
     * Round-robin from after the last port handed out, so a just-freed port is the last to be
     * reused.
     */
    private int nextFree(String executionId, Set<Integer> taken) {
        for (int i = 0; i < range.size(); i++) {
            int port = next;
            next = port == range.last() ? range.first() : port + 1;
            if (!held.containsKey(port) && !taken.contains(port) && freeOnHost.test(port)) {
                return port;
            }
        }
        throw new CaravelException(
                ErrorCode.NODE_FAILURE,
                "no free host port left in "
                        + range
                        + " for execution "
                        + executionId
                        + " ("
                        + held.size()
                        + " held by running executions)",
                "wait for executions of this node to finish, or widen the worker's portRange");
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
