package io.caravel.activities.providers.docker.egress;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network of one Docker execution in the {@code HTTP} network mode (BACALHAU-SPEC section 3,
 * 10): a Docker bridge network {@code caravel-egress-<executionId>} with {@code Internal=true}, so
 * nothing on it is forwarded anywhere, and an {@link EgressProxy} in this JVM bound to the
 * network's gateway address, the one address a container on it can reach. The host's INPUT rules
 * for the bridge drop everything else containers send to the host ({@link BridgeFirewall}).
 *
 * <p>The container joins only {@link #networkName()} and gets {@link #containerEnv()}, which points
 * {@code http_proxy}/{@code https_proxy} (both cases) at the proxy. Traffic that ignores the proxy
 * has no route out.
 *
 * <p>Opening is idempotent per execution: a network of the same execution left by an earlier
 * attempt (a worker that restarted while its container kept running) is reused, and the proxy is
 * bound again at the same gateway address and port, so the running container's proxy settings stay
 * right. {@link #close()} stops the proxy, removes the firewall rules and the network.
 */
public final class EgressNetwork implements AutoCloseable {
    /** Network names are this prefix and the execution id. */
    public static final String NAME_PREFIX = "caravel-egress-";

    /**
     * The label naming the execution that owns the network, as on every Docker object of an
     * execution.
     */
    public static final String EXECUTION_LABEL = "io.caravel.execution";

    /** The label marking the network as an egress network ({@code io.caravel.role=egress}). */
    public static final String ROLE_LABEL = "io.caravel.role";

    /**
     * The proxy's port on each network's gateway address. Every egress network has its own gateway
     * address, so one port serves them all; a fixed port is what lets a restarted worker bind again
     * where a running container's proxy settings point.
     */
    public static final int DEFAULT_PROXY_PORT = 3128;

    /** Hosts the container reaches without the proxy: its own loopback, which never leaves it. */
    public static final String NO_PROXY = "localhost,127.0.0.1,::1";

    private static final Logger LOG = LoggerFactory.getLogger(EgressNetwork.class);
    private static final Pattern EXECUTION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final String BRIDGE_OPTION = "com.docker.network.bridge.name";

    private final DockerClient docker;
    private final String executionId;
    private final String networkId;
    private final InetAddress gateway;
    private final EgressProxy proxy;

    /**
     * Creates (or takes over) the execution's network with a proxy for {@code domains} on {@link
     * #DEFAULT_PROXY_PORT}, the JVM's resolver, and targets on the worker's own loopback and
     * link-local addresses refused.
     *
     * @throws IOException when the network, the proxy or the firewall rules cannot be set up;
     *     whatever was set up is removed again
     */
    public EgressNetwork(DockerClient docker, String executionId, List<String> domains)
            throws IOException {
        this(
                docker,
                executionId,
                domains,
                DEFAULT_PROXY_PORT,
                HostResolver.SYSTEM,
                TargetAddresses.NOT_HOST_LOCAL);
    }

    /**
     * Creates (or takes over) the execution's network with a proxy for {@code domains} on {@code
     * proxyPort} of the gateway address, resolving with {@code resolver} and connecting only to
     * addresses {@code targets} permits.
     *
     * @throws IllegalArgumentException when {@code executionId} cannot be part of a Docker name, or
     *     {@code domains} is empty
     * @throws IOException when the network, the proxy or the firewall rules cannot be set up;
     *     whatever was set up is removed again
     */
    public EgressNetwork(
            DockerClient docker,
            String executionId,
            List<String> domains,
            int proxyPort,
            HostResolver resolver,
            TargetAddresses targets)
            throws IOException {
        if (executionId == null || !EXECUTION_ID.matcher(executionId).matches()) {
            throw new IllegalArgumentException(
                    "execution id "
                            + executionId
                            + " cannot name a Docker network: expected letters, digits, '_', '.', '-', at most 128");
        }
        if (domains == null || domains.isEmpty()) {
            throw new IllegalArgumentException(
                    "invalid networking configuration, at least one domain is required when HTTP networking is enabled");
        }
        this.docker = docker;
        this.executionId = executionId;
        this.networkId = createOrReuse();
        EgressProxy started = null;
        try {
            this.gateway = gatewayOf(networkId);
            started =
                    new EgressProxy(
                            new InetSocketAddress(gateway, proxyPort), domains, resolver, targets);
            BridgeFirewall.admitOnly(
                    bridgeName(), gateway, started.address().getPort(), networkName());
        } catch (IOException | RuntimeException e) {
            if (started != null) {
                started.close();
            }
            removeQuietly();
            throw e instanceof IOException io
                    ? io
                    : new IOException(
                            "cannot set up the egress network "
                                    + networkName()
                                    + ": "
                                    + e.getMessage(),
                            e);
        }
        this.proxy = started;
        LOG.info(
                "execution {}: egress network {} with proxy {} for {}",
                executionId,
                networkName(),
                proxy.address(),
                proxy.domains());
    }

    /**
     * The Docker network's name, {@code caravel-egress-<executionId>}; the container joins only
     * this one.
     */
    public String networkName() {
        return NAME_PREFIX + executionId;
    }

    /** The Docker network's id. */
    public String networkId() {
        return networkId;
    }

    /** The network's gateway address on the host, where the proxy listens. */
    public InetAddress gateway() {
        return gateway;
    }

    /** The proxy's address as containers on the network reach it. */
    public InetSocketAddress proxyAddress() {
        return proxy.address();
    }

    /**
     * The environment to give the container: {@code http_proxy}, {@code https_proxy}, {@code
     * HTTP_PROXY}, {@code HTTPS_PROXY} as {@code http://<gateway>:<port>}, and {@code
     * no_proxy}/{@code NO_PROXY} = {@value #NO_PROXY} so a job's requests to itself stay inside the
     * container. Both cases, because tools disagree on which they read.
     */
    public Map<String, String> containerEnv() {
        String url = "http://" + hostForUrl(gateway) + ":" + proxy.address().getPort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("http_proxy", url);
        env.put("https_proxy", url);
        env.put("HTTP_PROXY", url);
        env.put("HTTPS_PROXY", url);
        env.put("no_proxy", NO_PROXY);
        env.put("NO_PROXY", NO_PROXY);
        return env;
    }

    /**
     * Stops the proxy, removes the firewall rules and the network (disconnecting any container
     * still on it). Failures are logged, not thrown: the worker's start-up clean-up removes what is
     * left by label. Idempotent.
     */
    @Override
    public void close() {
        proxy.close();
        removeQuietly();
        LOG.info("execution {}: egress network {} removed", executionId, networkName());
    }

    /**
     * The proxy itself; tests stop it alone to stand for a worker that died while the network
     * stayed.
     */
    EgressProxy proxy() {
        return proxy;
    }

    /**
     * The Linux name of the network's bridge, set at creation so the firewall rules can name it.
     */
    String bridgeName() {
        // IFNAMSIZ allows 15 characters: "cvx" and 12 hex digits of a hash of the network name.
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256")
                            .digest(networkName().getBytes(StandardCharsets.UTF_8));
            return "cvx" + HexFormat.of().formatHex(hash).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private String createOrReuse() throws IOException {
        try {
            Network existing = find();
            if (existing != null) {
                if (!executionId.equals(existing.getLabels().get(EXECUTION_LABEL))
                        || !Boolean.TRUE.equals(existing.getInternal())) {
                    throw new IOException(
                            "a Docker network named "
                                    + networkName()
                                    + " exists but is not this execution's internal egress network; remove it");
                }
                LOG.info(
                        "execution {}: reusing egress network {} left by an earlier attempt",
                        executionId,
                        networkName());
                return existing.getId();
            }
            return docker.createNetworkCmd()
                    .withName(networkName())
                    .withDriver("bridge")
                    .withInternal(true)
                    .withCheckDuplicate(true)
                    .withLabels(Map.of(EXECUTION_LABEL, executionId, ROLE_LABEL, "egress"))
                    .withOptions(Map.of(BRIDGE_OPTION, bridgeName()))
                    .exec()
                    .getId();
        } catch (DockerException e) {
            throw new IOException(
                    "cannot create the Docker network " + networkName() + ": " + e.getMessage(), e);
        }
    }

    private Network find() {
        for (Network n : docker.listNetworksCmd().withNameFilter(networkName()).exec()) {
            // The name filter matches substrings; only the exact name is this execution's.
            if (networkName().equals(n.getName())) {
                return n;
            }
        }
        return null;
    }

    private InetAddress gatewayOf(String id) throws IOException {
        Network n = docker.inspectNetworkCmd().withNetworkId(id).exec();
        if (n.getIpam() != null && n.getIpam().getConfig() != null) {
            for (Network.Ipam.Config c : n.getIpam().getConfig()) {
                if (c.getGateway() != null
                        && !c.getGateway().isBlank()
                        && c.getGateway().indexOf(':') < 0) {
                    return InetAddress.getByName(c.getGateway());
                }
            }
        }
        throw new IOException(
                "the Docker network "
                        + networkName()
                        + " has no IPv4 gateway address to bind the proxy to");
    }

    private void removeQuietly() {
        remove(docker, executionId);
    }

    /**
     * Removes the egress network of {@code executionId} and its firewall rules, for an execution
     * whose {@code EgressNetwork} object is gone (the worker restarted and the execution no longer
     * exists): what a worker's start-up clean-up calls for each network labelled {@value
     * #ROLE_LABEL}=egress whose {@value #EXECUTION_LABEL} names such an execution. Containers still
     * attached are disconnected. Failures are logged, not thrown; absent parts are fine.
     */
    public static void remove(DockerClient docker, String executionId) {
        String name = NAME_PREFIX + executionId;
        try {
            BridgeFirewall.remove(name);
        } catch (IOException e) {
            LOG.warn(
                    "execution {}: cannot remove the firewall rules of {}: {}",
                    executionId,
                    name,
                    e.getMessage());
        }
        try {
            Network n = docker.inspectNetworkCmd().withNetworkId(name).exec();
            if (n.getContainers() != null) {
                for (String container : n.getContainers().keySet()) {
                    docker.disconnectFromNetworkCmd()
                            .withNetworkId(n.getId())
                            .withContainerId(container)
                            .withForce(true)
                            .exec();
                }
            }
            docker.removeNetworkCmd(n.getId()).exec();
        } catch (NotFoundException e) {
            // Already gone.
        } catch (DockerException e) {
            LOG.warn(
                    "execution {}: cannot remove the Docker network {}: {}",
                    executionId,
                    name,
                    e.getMessage());
        }
    }

    private static String hostForUrl(InetAddress a) {
        String h = a.getHostAddress();
        return h.indexOf(':') >= 0 ? "[" + h + "]" : h;
    }
}
