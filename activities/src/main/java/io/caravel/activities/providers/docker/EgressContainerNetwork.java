package io.caravel.activities.providers.docker;

import com.github.dockerjava.api.DockerClient;
import io.caravel.activities.providers.docker.egress.EgressNetwork;
import io.caravel.activities.providers.docker.egress.HostResolver;
import io.caravel.activities.providers.docker.egress.TargetAddresses;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Every network mode of a docker task: {@code HTTP} through a per-execution internal network whose
 * only way out is the worker's egress proxy for the task's domains ({@link EgressNetwork}); the
 * other modes as {@link DirectContainerNetwork} sets them. Opening the network of an execution
 * whose network exists already (a restarted worker re-attaching to its container) takes it over.
 */
public final class EgressContainerNetwork implements ContainerNetwork {
    /** Opens the egress network of one execution. */
    @FunctionalInterface
    public interface Opener {
        EgressNetwork open(DockerClient docker, String executionId, List<String> domains)
                throws IOException;
    }

    private final Supplier<DockerClient> docker;
    private final Opener opener;
    private final ContainerNetwork direct = new DirectContainerNetwork();
    private final Map<String, EgressNetwork> open = new ConcurrentHashMap<>();

    /**
     * Egress networks with the proxy on its default port, resolving names with the JVM's resolver.
     */
    public EgressContainerNetwork(Supplier<DockerClient> docker) {
        this(docker, EgressNetwork::new);
    }

    /**
     * As above, the proxy connecting only to addresses {@code targets} permits (the operator's
     * {@code egressRefuseNonPublic} chooses {@link TargetAddresses#PUBLIC_ONLY}).
     */
    public EgressContainerNetwork(Supplier<DockerClient> docker, TargetAddresses targets) {
        this(
                docker,
                (client, id, domains) ->
                        new EgressNetwork(
                                client,
                                id,
                                domains,
                                EgressNetwork.DEFAULT_PROXY_PORT,
                                HostResolver.SYSTEM,
                                targets));
    }

    public EgressContainerNetwork(Supplier<DockerClient> docker, Opener opener) {
        this.docker = Objects.requireNonNull(docker, "docker");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    @Override
    public Attachment attach(String executionId, NetworkConfig network) {
        if (network == null || network.type() != NetworkType.HTTP) {
            return direct.attach(executionId, network);
        }
        EgressNetwork egress = open.get(executionId);
        if (egress == null) {
            try {
                egress = opener.open(docker.get(), executionId, network.domains());
            } catch (IOException e) {
                // Docker, the proxy's port or the firewall failed on this node; another node may do
                // better.
                throw new CaravelException(
                        ErrorCode.NODE_FAILURE,
                        "cannot open the egress network of execution "
                                + executionId
                                + ": "
                                + e.getMessage(),
                        "check that the worker runs as root (or with "
                                + "CAP_NET_ADMIN) with iptables, and that nothing else listens on the proxy's port",
                        List.of(),
                        e);
            } catch (IllegalArgumentException e) {
                throw new CaravelException(
                        ErrorCode.SPEC_INVALID,
                        e.getMessage(),
                        "list the domains the task may reach in Network.Domains");
            }
            open.put(executionId, egress);
        }
        return new Attachment(
                egress.networkName(), false, egress.containerEnv(), List.of(), List.of());
    }

    @Override
    public void release(String executionId) {
        // One opened by a worker that is gone is removed with the execution's other objects
        // (ExecutionObjects).
        EgressNetwork egress = open.remove(executionId);
        if (egress != null) {
            egress.close();
        }
    }
}
