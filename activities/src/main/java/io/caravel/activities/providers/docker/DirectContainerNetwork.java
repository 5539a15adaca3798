package io.caravel.activities.providers.docker;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The network modes that need no objects of their own, as Bacalhau's docker executor sets them:
 * {@code None} ⇒ mode {@code none} with networking disabled; {@code Host}/{@code Full} ⇒ the host's
 * network; {@code Bridge} and {@code Default} (Docker's choice, reached only on nodes that accept
 * every networked mode) ⇒ docker's default bridge, with the task's {@code Ports} published. Host
 * and Bridge containers also get {@code host.docker.internal} pointing at the host. {@code HTTP}
 * needs objects of its own and is refused here: {@link EgressContainerNetwork} offers it.
 */
public final class DirectContainerNetwork implements ContainerNetwork {
    static final String HOST_GATEWAY = "host.docker.internal:host-gateway";

    private static final String MODE_NONE = "none";
    private static final String MODE_HOST = "host";
    private static final String MODE_BRIDGE = "bridge";

    private static final Set<String> MODES = Set.of(MODE_NONE, MODE_HOST, MODE_BRIDGE);

    /** Whether {@code attachment} is one of these modes: the execution has no network objects. */
    static boolean madeNoObjects(Attachment attachment) {
        return MODES.contains(attachment.networkMode());
    }

    @Override
    public Attachment attach(String executionId, NetworkConfig network) {
        NetworkType type = network == null ? NetworkType.DEFAULT : network.type();
        return switch (type) {
            case NONE -> new Attachment(MODE_NONE, true, Map.of(), List.of(), List.of());
            case HOST, FULL ->
                    new Attachment(MODE_HOST, false, Map.of(), List.of(HOST_GATEWAY), List.of());
            case BRIDGE, DEFAULT ->
                    new Attachment(
                            MODE_BRIDGE, false, Map.of(), List.of(HOST_GATEWAY), network.ports());
            case HTTP ->
                    throw new CaravelException(
                            ErrorCode.EXECUTION_FAILED,
                            "network mode HTTP needs the egress proxy and a per-execution internal network, which this"
                                    + " container network does not make",
                            "run the task with Network None, Host or Bridge");
        };
    }

    @Override
    public void release(String executionId) {
        // Nothing was created.
    }
}
