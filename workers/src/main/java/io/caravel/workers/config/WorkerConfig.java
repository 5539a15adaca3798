package io.caravel.workers.config;

import io.caravel.activities.net.DestinationPolicy;
import io.caravel.activities.node.DiskLimit;
import io.caravel.activities.node.PortRange;
import io.caravel.activities.providers.docker.DockerEngine;
import io.caravel.activities.providers.docker.DockerSettings;
import io.caravel.activities.providers.docker.ImagePulls;
import io.caravel.activities.providers.docker.egress.TargetAddresses;
import io.caravel.activities.providers.ipfs.IpfsSettings;
import io.caravel.activities.providers.local.LocalInputSettings;
import io.caravel.activities.providers.local.ResultsServerSettings;
import io.caravel.activities.providers.s3.S3EndpointPolicy;
import io.caravel.activities.providers.s3.S3Settings;
import io.caravel.activities.providers.url.UrlSettings;
import io.caravel.activities.providers.wasm.WasmSettings;
import io.caravel.activities.settings.ConfigDurations;
import io.caravel.activities.settings.ProviderSettings;
import io.caravel.activities.settings.Setting;
import io.caravel.activities.settings.SettingChecks;
import io.caravel.activities.settings.SettingValue;
import io.caravel.activities.settings.SettingsDeclaration;
import io.caravel.activities.settings.SettingsSource;
import io.caravel.api.cli.LabelsParser;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.Problem;
import io.caravel.api.model.NetworkType;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.local.LocalAllowList;
import io.caravel.api.quantity.Quantities;
import io.caravel.api.spec.Suggestions;
import io.caravel.workers.capacity.WasmHeapBudget;
import io.caravel.workers.tls.TemporalTls;
import io.caravel.workflows.OrchestrationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * Everything a worker process is told: where Temporal is, who this node is, what it may run and how
 * it reports. Built with {@link #builder()}, which starts from the named defaults and checks every
 * value at {@link Builder#build()}; {@link WorkerConfigLoader} merges a YAML file, the environment
 * and flags on top. Implementations receive plain values from it and never read configuration
 * themselves.
 *
 * <p>The node-wide keys are {@link ConfigKey}'s; each provider family declares its own keys and
 * typed settings record ({@code XModule.settings()}, e.g. {@link DockerSettings}), which this
 * configuration resolves and holds in {@link #providers()} without naming the family; {@link
 * WorkerSettings} composes the keys. The typed accessors ({@link #docker()}, {@link #s3()} ...)
 * read from there.
 *
 * @param temporalAddress the Temporal frontend, {@code host:port} or a gRPC target
 * @param namespace the Temporal namespace
 * @param tls TLS towards Temporal
 * @param nodeId this node's id; its queue is {@code caravel-node-<id>}
 * @param labels this node's labels, matched by job constraints
 * @param capacity capacity values that replace what was detected
 * @param engines the engine types this node runs, lower-cased
 * @param networkTypes the network modes this node's policy accepts
 * @param hostEnvAllowList globs of host variables tasks may read through {@code env:NAME}
 * @param storageDir where executions keep their files
 * @param defaultPublisher the publisher type for tasks that name none; empty for none
 * @param metricsPort port of the Prometheus endpoint on 127.0.0.1; 0 turns it off
 * @param heartbeatInterval how often the node reports itself to the node registry
 * @param shutdownGracePeriod how long running activities may take to finish at shutdown
 * @param nodeGracePeriod how long a stopped node may take to pick its running executions up again
 *     before they are placed elsewhere (the deployment's orchestration setting)
 * @param maxConcurrentPartitions partitions of one batch job placed and run at once (the
 *     deployment's orchestration setting; a job records it when it starts)
 * @param placementSlots placement claims a placement queue's worker may poll for and run at once
 * @param claimsAhead how many claims a node busy with short executions takes ahead of room (they
 *     start the moment room frees); 0 takes none
 * @param searchAttributes whether job workflows keep Caravel's search attributes up to date
 * @param inputs the node's limit on an input, and the input cache
 * @param portRange host ports handed out for {@code Static: 0} port mappings
 * @param outbound what the node reaches on a job's behalf: URL inputs, job-chosen S3 endpoints, the
 *     HTTP network mode's egress proxy
 * @param taskDisk the disk limit of tasks that set none
 * @param longRunning how service and daemon jobs restart replicas, watch nodes and continue as new
 * @param providers the provider families' settings records, one per declaration of {@link
 *     WorkerSettings#PROVIDERS} (the {@code s3} one with the node's outbound policy for job-chosen
 *     endpoints)
 */
public record WorkerConfig(
        String temporalAddress,
        String namespace,
        TemporalTls tls,
        String nodeId,
        Map<String, String> labels,
        CapacityOverrides capacity,
        Set<String> engines,
        Set<NetworkType> networkTypes,
        List<String> hostEnvAllowList,
        Path storageDir,
        String defaultPublisher,
        int metricsPort,
        Duration heartbeatInterval,
        Duration shutdownGracePeriod,
        Duration nodeGracePeriod,
        int maxConcurrentPartitions,
        int placementSlots,
        int claimsAhead,
        boolean searchAttributes,
        InputSettings inputs,
        PortRange portRange,
        OutboundSettings outbound,
        TaskDiskSettings taskDisk,
        LongRunningSettings longRunning,
        ProviderSettings providers) {

    public static final String DEFAULT_TEMPORAL_ADDRESS = "127.0.0.1:7233";
    public static final String DEFAULT_NAMESPACE = "default";

    /** Sorted, as the configuration keeps engine lists; the configuration docs print them. */
    public static final Set<String> DEFAULT_ENGINES =
            Collections.unmodifiableSet(
                    new LinkedHashSet<>(List.of(SpecTypes.ENGINE_NOOP, SpecTypes.ENGINE_WASM)));

    public static final Set<NetworkType> DEFAULT_NETWORK_TYPES =
            Set.of(NetworkType.NONE, NetworkType.DEFAULT);

    /** Relative to the user's home directory. */
    public static final Path DEFAULT_STORAGE_DIR_IN_HOME = Path.of(".caravel", "storage");

    public static final String DEFAULT_PUBLISHER = "";
    public static final String DEFAULT_DOCKER_HOST = DockerSettings.DEFAULT_HOST;
    public static final long DEFAULT_DOCKER_PIDS_LIMIT = DockerEngine.DEFAULT_PIDS_LIMIT;

    public static final int DEFAULT_METRICS_PORT = 0;
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SHUTDOWN_GRACE_PERIOD = Duration.ofSeconds(30);
    public static final int DEFAULT_PLACEMENT_SLOTS = 2;
    public static final int DEFAULT_CLAIMS_AHEAD = 4;
    public static final String DEFAULT_RESULTS_ADDRESS = ResultsServerSettings.DEFAULT_ADDRESS;
    public static final int DEFAULT_RESULTS_PORT = ResultsServerSettings.DEFAULT_PORT;
    public static final String DEFAULT_IPFS_API = IpfsSettings.DEFAULT_API;
    public static final Duration DEFAULT_IPFS_TIMEOUT = IpfsSettings.DEFAULT_TIMEOUT;

    /** Bacalhau's InputSources.ReadTimeout default. */
    public static final Duration DEFAULT_URL_READ_TIMEOUT = UrlSettings.DEFAULT_READ_TIMEOUT;

    /** Bacalhau's InputSources.MaxRetryCount default. */
    public static final int DEFAULT_URL_MAX_RETRIES = UrlSettings.DEFAULT_MAX_RETRIES;

    public static final long DEFAULT_INPUT_MAX_BYTES = 10L << 30;
    public static final long DEFAULT_INPUT_CACHE_SIZE = 10L << 30;

    /**
     * Under {@code storageDir}, where the input cache is kept unless {@code inputCacheDir} says
     * elsewhere.
     */
    public static final String DEFAULT_INPUT_CACHE_DIR_NAME = "input-cache";

    /** How long the local publisher's archives are kept by default: a day. */
    public static final Duration DEFAULT_RESULTS_RETENTION =
            ResultsServerSettings.DEFAULT_RETENTION;

    /** How often a running container's writes are measured against its disk limit. */
    public static final Duration DEFAULT_DISK_WATCH_INTERVAL =
            DockerSettings.DEFAULT_DISK_WATCH_INTERVAL;

    private static final Pattern HOST_PORT =
            Pattern.compile("(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):([0-9]{1,5})");

    public WorkerConfig {
        Objects.requireNonNull(temporalAddress, "temporalAddress");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(storageDir, "storageDir");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(shutdownGracePeriod, "shutdownGracePeriod");
        Objects.requireNonNull(nodeGracePeriod, "nodeGracePeriod");
        labels =
                labels == null
                        ? Map.of()
                        : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        engines = engines == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(engines));
        networkTypes =
                networkTypes == null || networkTypes.isEmpty()
                        ? Set.of()
                        : Collections.unmodifiableSet(EnumSet.copyOf(networkTypes));
        hostEnvAllowList = hostEnvAllowList == null ? List.of() : List.copyOf(hostEnvAllowList);
        defaultPublisher = defaultPublisher == null ? "" : defaultPublisher;
        Objects.requireNonNull(inputs, "inputs");
        portRange = portRange == null ? PortRange.DEFAULT : portRange;
        outbound = outbound == null ? OutboundSettings.DEFAULTS : outbound;
        taskDisk = taskDisk == null ? TaskDiskSettings.DEFAULT : taskDisk;
        longRunning = longRunning == null ? LongRunningSettings.DEFAULT : longRunning;
        Objects.requireNonNull(providers, "providers");
    }

    /** A builder holding every default; {@link Builder#build()} validates. */
    public static Builder builder() {
        return new Builder();
    }

    /** The configuration with every default (the node id from the host name). */
    public static WorkerConfig defaults() {
        return builder().build();
    }

    /** The storage directory used when none is configured: {@code ~/.caravel/storage}. */
    public static Path defaultStorageDir() {
        return Path.of(System.getProperty("user.home")).resolve(DEFAULT_STORAGE_DIR_IN_HOME);
    }

    /**
     * The settings record {@code declaration} resolved to, a provider family's.
     *
     * @throws IllegalArgumentException when no built-in family declares it
     */
    public <R> R provider(SettingsDeclaration<R> declaration) {
        return providers.get(declaration);
    }

    /** The {@code docker} engine's settings (keys declared by {@link DockerSettings}). */
    public DockerSettings docker() {
        return provider(DockerSettings.DECLARATION);
    }

    /** The part of the worker's heap WASM modules' memory may take ({@link WasmSettings}). */
    public WasmHeapBudget wasmHeap() {
        return WasmHeapBudget.of(provider(WasmSettings.DECLARATION));
    }

    /**
     * How the s3 input source and publisher reach S3 ({@link S3Settings}), with the node's outbound
     * policy for the endpoints jobs name.
     */
    public S3Settings s3() {
        return provider(S3Settings.DECLARATION);
    }

    /** How the ipfs source and publisher reach Kubo ({@link IpfsSettings}). */
    public IpfsSettings ipfs() {
        return provider(IpfsSettings.DECLARATION);
    }

    /** How the urlDownload source waits and retries ({@link UrlSettings}). */
    public UrlSettings url() {
        return provider(UrlSettings.DECLARATION);
    }

    /** Which host paths {@code local} input sources may mount ({@link LocalInputSettings}). */
    public LocalInputSettings local() {
        return provider(LocalInputSettings.DECLARATION);
    }

    /**
     * The results server: where it binds, how it is reached, its token ({@link
     * ResultsServerSettings}).
     */
    public ResultsServerSettings results() {
        return provider(ResultsServerSettings.DECLARATION);
    }

    /** The Docker daemon the {@code docker} engine uses: {@code docker().host()}. */
    public String dockerHost() {
        return docker().host();
    }

    /** For a daemon behind TLS, the folder of its certificates: {@code docker().certPath()}. */
    public Optional<Path> dockerCertPath() {
        return docker().certPath();
    }

    /** How the {@code docker} engine pulls absent images: {@code docker().pulls()}. */
    public ImagePulls dockerPulls() {
        return docker().pulls();
    }

    /** The most processes one container may have, 0 for none: {@code docker().pidsLimit()}. */
    public long dockerPidsLimit() {
        return docker().pidsLimit();
    }

    /**
     * Globs of host paths {@code local} input sources may mount: {@code local().allowedPaths()}.
     */
    public List<String> allowedLocalPaths() {
        return local().allowedPaths();
    }

    /** The allow-list of local paths, parsed. */
    public LocalAllowList localAllowList() {
        return local().allowList();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b =
                new Builder()
                        .temporalAddress(temporalAddress)
                        .namespace(namespace)
                        .tlsEnabled(tls.enabled())
                        .tlsCert(tls.cert().orElse(null))
                        .tlsKey(tls.key().orElse(null))
                        .tlsCa(tls.ca().orElse(null))
                        .tlsServerName(tls.serverName().orElse(null))
                        .nodeId(nodeId)
                        .labels(labels)
                        .engines(engines)
                        .networkTypes(networkTypes)
                        .hostEnvAllowList(hostEnvAllowList)
                        .storageDir(storageDir)
                        .defaultPublisher(defaultPublisher)
                        .metricsPort(metricsPort)
                        .heartbeatInterval(heartbeatInterval)
                        .shutdownGracePeriod(shutdownGracePeriod)
                        .nodeGracePeriod(nodeGracePeriod)
                        .maxConcurrentPartitions(maxConcurrentPartitions)
                        .placementSlots(placementSlots)
                        .claimsAhead(claimsAhead)
                        .searchAttributes(searchAttributes)
                        .inputMaxBytes(Long.toString(inputs.maxBytes()))
                        .inputCacheDir(inputs.cacheDir().orElse(null))
                        .inputCacheSize(Long.toString(inputs.cacheBytes()))
                        .portRange(portRange.toString())
                        .fetchAllowedNetworks(outbound.fetchAllowedNetworks())
                        .s3AllowedEndpoints(outbound.s3AllowedEndpoints())
                        .egressRefuseNonPublic(outbound.egressRefuseNonPublic())
                        .restartBackoff(longRunning.restartBackoff())
                        .restartBackoffMax(longRunning.restartBackoffMax())
                        .daemonNodeCheck(longRunning.daemonNodeCheck())
                        .longRunningHistory(longRunning.history())
                        .setAll(providers.values());
        taskDisk.defaultBytes().ifPresent(v -> b.defaultTaskDisk(Long.toString(v)));
        capacity.cpuMillis().ifPresent(v -> b.capacityCpu(v + "m"));
        capacity.memoryBytes().ifPresent(v -> b.capacityMemory(Long.toString(v)));
        capacity.diskBytes().ifPresent(v -> b.capacityDisk(Long.toString(v)));
        capacity.gpus().ifPresent(v -> b.capacityGpus(Long.toString(v)));
        return b;
    }

    /**
     * How service and daemon jobs run (the workflow settings of the same names).
     *
     * @param history history events after which such a job continues as new
     */
    public record LongRunningSettings(
            Duration restartBackoff,
            Duration restartBackoffMax,
            Duration daemonNodeCheck,
            int history) {
        public static final LongRunningSettings DEFAULT =
                new LongRunningSettings(
                        OrchestrationSettings.DEFAULT_RESTART_BACKOFF,
                                OrchestrationSettings.DEFAULT_RESTART_BACKOFF_MAX,
                        OrchestrationSettings.DEFAULT_DAEMON_NODE_CHECK,
                                OrchestrationSettings.DEFAULT_LONG_RUNNING_HISTORY);
    }

    /**
     * How the node bounds what one execution writes ({@link DiskLimit}); how often the docker
     * engine measures a running container is {@link DockerSettings#diskWatchInterval()}.
     *
     * @param defaultBytes the limit of a task that sets no {@code Resources.Disk}; empty for half
     *     the node's disk capacity
     */
    public record TaskDiskSettings(OptionalLong defaultBytes) {
        public static final TaskDiskSettings DEFAULT = new TaskDiskSettings(OptionalLong.empty());

        public TaskDiskSettings {
            Objects.requireNonNull(defaultBytes, "defaultBytes");
        }

        /** The limit of a task that sets no Disk on a node offering {@code diskCapacityBytes}. */
        public long resolve(long diskCapacityBytes) {
            return defaultBytes.orElse(Math.max(1, diskCapacityBytes / 2));
        }
    }

    /**
     * How large an input may be and where inputs are kept (how each family fetches them is its
     * settings': {@link #ipfs()}, {@link #url()}, {@link #s3()}).
     *
     * @param maxBytes the largest urlDownload file or ipfs CID staged
     * @param cacheDir where the input cache lives; empty for {@code <storageDir>/input-cache}
     * @param cacheBytes the input cache's bound in bytes; 0 turns it off
     */
    public record InputSettings(long maxBytes, Optional<Path> cacheDir, long cacheBytes) {
        public InputSettings {
            Objects.requireNonNull(cacheDir, "cacheDir");
        }

        /** The input cache's directory for a node storing its executions in {@code storageDir}. */
        public Path cacheDir(Path storageDir) {
            return cacheDir.orElseGet(() -> storageDir.resolve(DEFAULT_INPUT_CACHE_DIR_NAME))
                    .toAbsolutePath()
                    .normalize();
        }
    }

    /**
     * What the node reaches on a job's behalf. Every fetch a job chooses (a {@code urlDownload}
     * input and its redirects, an S3 {@code Endpoint} other than {@code s3Endpoint}) goes to public
     * addresses only, unless {@code fetchAllowedNetworks} allow-lists others; a job-chosen S3
     * endpoint must also be in {@code s3AllowedEndpoints}.
     *
     * @param fetchAllowedNetworks non-public destinations allowed: CIDR networks, addresses, {@code
     *     host:port}
     * @param s3AllowedEndpoints the S3 endpoints jobs may name besides {@code s3Endpoint}
     * @param egressRefuseNonPublic whether the HTTP mode's egress proxy refuses declared names that
     *     resolve to non-public addresses (other containers, the host's networks)
     */
    public record OutboundSettings(
            List<String> fetchAllowedNetworks,
            List<String> s3AllowedEndpoints,
            boolean egressRefuseNonPublic) {
        public static final OutboundSettings DEFAULTS =
                new OutboundSettings(List.of(), List.of(), true);

        public OutboundSettings {
            fetchAllowedNetworks =
                    fetchAllowedNetworks == null ? List.of() : List.copyOf(fetchAllowedNetworks);
            s3AllowedEndpoints =
                    s3AllowedEndpoints == null ? List.of() : List.copyOf(s3AllowedEndpoints);
        }

        /** The fetch policy; the entries were checked at {@link Builder#build()}. */
        public DestinationPolicy destinations() {
            return DestinationPolicy.of(fetchAllowedNetworks);
        }

        /** The policy for job-chosen S3 endpoints. */
        public S3EndpointPolicy s3Endpoints() {
            return S3EndpointPolicy.of(s3AllowedEndpoints, destinations());
        }

        /** The egress proxy's rule for the addresses of declared names. */
        public TargetAddresses egressTargets() {
            return TargetAddresses.of(egressRefuseNonPublic);
        }
    }

    /** Capacity that replaces what the node detected; empty where detection stands. */
    public record CapacityOverrides(
            OptionalLong cpuMillis,
            OptionalLong memoryBytes,
            OptionalLong diskBytes,
            OptionalLong gpus) {
        public static final CapacityOverrides NONE =
                new CapacityOverrides(
                        OptionalLong.empty(),
                        OptionalLong.empty(),
                        OptionalLong.empty(),
                        OptionalLong.empty());

        public CapacityOverrides {
            Objects.requireNonNull(cpuMillis, "cpuMillis");
            Objects.requireNonNull(memoryBytes, "memoryBytes");
            Objects.requireNonNull(diskBytes, "diskBytes");
            Objects.requireNonNull(gpus, "gpus");
        }
    }

    /**
     * Builds a {@link WorkerConfig}. Every value starts at its default; {@link #build()} reports
     * every invalid value at once, each under its key's name.
     */
    public static final class Builder {
        private String temporalAddress = DEFAULT_TEMPORAL_ADDRESS;
        private String namespace = DEFAULT_NAMESPACE;
        private boolean tlsEnabled;
        private Path tlsCert;
        private Path tlsKey;
        private Path tlsCa;
        private String tlsServerName;
        private String nodeId;
        private Map<String, String> labels = new LinkedHashMap<>();
        private String capacityCpu;
        private String capacityMemory;
        private String capacityDisk;
        private String capacityGpus;
        private Set<String> engines = new LinkedHashSet<>(DEFAULT_ENGINES);
        private Set<NetworkType> networkTypes = EnumSet.copyOf(DEFAULT_NETWORK_TYPES);
        private List<String> hostEnvAllowList = new ArrayList<>();
        private Path storageDir;
        private String portRange = PortRange.DEFAULT.toString();
        private String defaultTaskDisk;
        private String defaultPublisher = DEFAULT_PUBLISHER;
        private int metricsPort = DEFAULT_METRICS_PORT;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private Duration shutdownGracePeriod = DEFAULT_SHUTDOWN_GRACE_PERIOD;
        private Duration nodeGracePeriod = OrchestrationSettings.DEFAULT_NODE_GRACE_PERIOD;
        private int maxConcurrentPartitions =
                OrchestrationSettings.DEFAULT_MAX_CONCURRENT_PARTITIONS;
        private Duration restartBackoff = OrchestrationSettings.DEFAULT_RESTART_BACKOFF;
        private Duration restartBackoffMax = OrchestrationSettings.DEFAULT_RESTART_BACKOFF_MAX;
        private Duration daemonNodeCheck = OrchestrationSettings.DEFAULT_DAEMON_NODE_CHECK;
        private int longRunningHistory = OrchestrationSettings.DEFAULT_LONG_RUNNING_HISTORY;
        private int placementSlots = DEFAULT_PLACEMENT_SLOTS;
        private int claimsAhead = DEFAULT_CLAIMS_AHEAD;
        private boolean searchAttributes;
        private String inputMaxBytes = Long.toString(DEFAULT_INPUT_MAX_BYTES);
        private Path inputCacheDir;
        private String inputCacheSize = Long.toString(DEFAULT_INPUT_CACHE_SIZE);
        private List<String> fetchAllowedNetworks = new ArrayList<>();
        private List<String> s3AllowedEndpoints = new ArrayList<>();
        private boolean egressRefuseNonPublic = OutboundSettings.DEFAULTS.egressRefuseNonPublic();

        /** The values of providers' settings that were set, by their declaration. */
        private final Map<Setting<?>, Object> provided = new java.util.HashMap<>();

        /** What the providers' declarations read: a value set here, else the setting's default. */
        private final SettingsSource source = SettingsSource.of(provided);

        private Builder() {}

        /**
         * Sets a provider's setting. A null value is handed to the provider as set (as the
         * builder's named setters always did: most read it as empty); an unset key reads as its
         * declared default.
         */
        public <T> Builder set(Setting<T> setting, T value) {
            provided.put(setting, value);
            return this;
        }

        /**
         * Applies a value as a layer wrote it to {@code setting}, a node-wide key or a provider's.
         *
         * @throws IllegalArgumentException when the value cannot be read, saying what would be
         *     accepted
         */
        Builder apply(Setting<?> setting, SettingValue value) {
            Optional<ConfigKey> node = ConfigKey.of(setting);
            if (node.isPresent()) {
                node.get().apply(this, value);
            } else {
                setRaw(setting, value);
            }
            return this;
        }

        private <T> void setRaw(Setting<T> setting, SettingValue value) {
            set(setting, setting.parse(value));
        }

        /**
         * Keeps {@code values} of providers' settings, as a built configuration gives them back.
         */
        private Builder setAll(Map<Setting<?>, Object> values) {
            provided.putAll(values);
            return this;
        }

        public Builder temporalAddress(String v) {
            temporalAddress = v;
            return this;
        }

        public Builder namespace(String v) {
            namespace = v;
            return this;
        }

        public Builder tlsEnabled(boolean v) {
            tlsEnabled = v;
            return this;
        }

        public Builder tlsCert(Path v) {
            tlsCert = v;
            return this;
        }

        public Builder tlsKey(Path v) {
            tlsKey = v;
            return this;
        }

        public Builder tlsCa(Path v) {
            tlsCa = v;
            return this;
        }

        public Builder tlsServerName(String v) {
            tlsServerName = v == null || v.isBlank() ? null : v.strip();
            return this;
        }

        /** Null (the default) means this host's name, sanitized. */
        public Builder nodeId(String v) {
            nodeId = v;
            return this;
        }

        public Builder labels(Map<String, String> v) {
            labels = new LinkedHashMap<>(v);
            return this;
        }

        /**
         * CPU cores ({@code 8}, {@code 0.5}) or millicores ({@code 7500m}); null keeps the detected
         * value.
         */
        public Builder capacityCpu(String v) {
            capacityCpu = v;
            return this;
        }

        /**
         * Bytes with an optional unit ({@code 64Gi}, {@code 500Mb}); null keeps the detected value.
         */
        public Builder capacityMemory(String v) {
            capacityMemory = v;
            return this;
        }

        /** Bytes with an optional unit ({@code 500Gi}); null keeps the detected value. */
        public Builder capacityDisk(String v) {
            capacityDisk = v;
            return this;
        }

        /** A whole number of GPUs; null keeps the detected value. */
        public Builder capacityGpus(String v) {
            capacityGpus = v;
            return this;
        }

        public Builder engines(Collection<String> v) {
            engines = new LinkedHashSet<>(v);
            return this;
        }

        public Builder networkTypes(Collection<NetworkType> v) {
            networkTypes = EnumSet.noneOf(NetworkType.class);
            networkTypes.addAll(v);
            return this;
        }

        public Builder allowedLocalPaths(List<String> v) {
            return set(LocalInputSettings.ALLOWED_PATHS, v == null ? null : List.copyOf(v));
        }

        public Builder hostEnvAllowList(List<String> v) {
            hostEnvAllowList = new ArrayList<>(v);
            return this;
        }

        /** Null (the default) means {@code ~/.caravel/storage}. */
        public Builder storageDir(Path v) {
            storageDir = v;
            return this;
        }

        /** {@code unix:///path}, {@code tcp://host:port} or {@code npipe://...}. */
        public Builder dockerHost(String v) {
            return set(DockerSettings.HOST, v);
        }

        /** Null (the default) for a daemon without TLS. */
        public Builder dockerCertPath(Path v) {
            return set(DockerSettings.CERT_PATH, v);
        }

        public Builder dockerSkipImagePull(boolean v) {
            return set(DockerSettings.SKIP_IMAGE_PULL, v);
        }

        /** With {@link #dockerPassword}; empty for the daemon client's own credentials. */
        public Builder dockerUsername(String v) {
            return set(DockerSettings.USERNAME, v);
        }

        public Builder dockerPassword(String v) {
            return set(DockerSettings.PASSWORD, v);
        }

        /** 0 or -1 for no limit. */
        public Builder dockerPidsLimit(long v) {
            return set(DockerSettings.PIDS_LIMIT, v);
        }

        public Builder portRange(String v) {
            portRange = v;
            return this;
        }

        /** Null or empty (the default) means half the node's disk capacity. */
        public Builder defaultTaskDisk(String v) {
            defaultTaskDisk = v;
            return this;
        }

        public Builder diskWatchInterval(Duration v) {
            return set(DockerSettings.DISK_WATCH_INTERVAL, v);
        }

        public Builder defaultPublisher(String v) {
            defaultPublisher = v;
            return this;
        }

        public Builder metricsPort(int v) {
            metricsPort = v;
            return this;
        }

        public Builder heartbeatInterval(Duration v) {
            heartbeatInterval = v;
            return this;
        }

        public Builder shutdownGracePeriod(Duration v) {
            shutdownGracePeriod = v;
            return this;
        }

        public Builder nodeGracePeriod(Duration v) {
            nodeGracePeriod = v;
            return this;
        }

        public Builder maxConcurrentPartitions(int v) {
            maxConcurrentPartitions = v;
            return this;
        }

        public Builder restartBackoff(Duration v) {
            restartBackoff = v;
            return this;
        }

        public Builder restartBackoffMax(Duration v) {
            restartBackoffMax = v;
            return this;
        }

        public Builder daemonNodeCheck(Duration v) {
            daemonNodeCheck = v;
            return this;
        }

        public Builder longRunningHistory(int v) {
            longRunningHistory = v;
            return this;
        }

        public Builder placementSlots(int v) {
            placementSlots = v;
            return this;
        }

        public Builder claimsAhead(int v) {
            claimsAhead = v;
            return this;
        }

        public Builder wasmHeapPercent(int v) {
            return set(WasmSettings.HEAP_PERCENT, v);
        }

        public Builder wasmHeapReserve(String v) {
            return set(WasmSettings.HEAP_RESERVE, v);
        }

        public Builder searchAttributes(boolean v) {
            searchAttributes = v;
            return this;
        }

        public Builder resultsAddress(String v) {
            return set(ResultsServerSettings.ADDRESS, v);
        }

        /** 0 picks a free port. */
        public Builder resultsPort(int v) {
            return set(ResultsServerSettings.PORT, v);
        }

        /** Null or empty (the default) means {@code http://<resultsAddress>:<bound port>}. */
        public Builder resultsAdvertisedUrl(String v) {
            return set(ResultsServerSettings.ADVERTISED_URL, v);
        }

        /** Null or empty (the default) means no token is required. */
        public Builder resultsToken(String v) {
            return set(ResultsServerSettings.TOKEN, v);
        }

        /** Empty turns ipfs off on this node. */
        public Builder ipfsApi(String v) {
            return set(IpfsSettings.API, v);
        }

        public Builder ipfsTimeout(Duration v) {
            return set(IpfsSettings.TIMEOUT, v);
        }

        public Builder urlReadTimeout(Duration v) {
            return set(UrlSettings.READ_TIMEOUT, v);
        }

        public Builder urlMaxRetries(int v) {
            return set(UrlSettings.MAX_RETRIES, v);
        }

        /** Bytes with an optional unit ({@code 10Gi}). */
        public Builder inputMaxBytes(String v) {
            inputMaxBytes = v;
            return this;
        }

        /** Null (the default) means {@code <storageDir>/input-cache}. */
        public Builder inputCacheDir(Path v) {
            inputCacheDir = v;
            return this;
        }

        /** Bytes with an optional unit ({@code 10Gi}); {@code 0} turns the cache off. */
        public Builder inputCacheSize(String v) {
            inputCacheSize = v;
            return this;
        }

        /** Null or empty (the default) means AWS. */
        public Builder s3Endpoint(String v) {
            return set(S3Settings.ENDPOINT, v);
        }

        /** Null or empty (the default) means the AWS SDK's region chain, then us-east-1. */
        public Builder s3Region(String v) {
            return set(S3Settings.REGION, v);
        }

        /** Null or empty (the default) means the AWS default credential chain. */
        public Builder s3AccessKeyId(String v) {
            return set(S3Settings.ACCESS_KEY_ID, v);
        }

        public Builder s3SecretAccessKey(String v) {
            return set(S3Settings.SECRET_ACCESS_KEY, v);
        }

        /** {@code auto}, {@code whenSupported} or {@code whenRequired}. */
        public Builder s3ChecksumMode(String v) {
            return set(S3Settings.CHECKSUM_MODE, v);
        }

        public Builder s3TransferParallelism(int v) {
            return set(S3Settings.TRANSFER_PARALLELISM, v);
        }

        /** With {@link #resultsTlsKey}: serve HTTPS with this PEM certificate chain. */
        public Builder resultsTlsCert(Path v) {
            return set(ResultsServerSettings.TLS_CERT, v);
        }

        public Builder resultsTlsKey(Path v) {
            return set(ResultsServerSettings.TLS_KEY, v);
        }

        /** Zero keeps published archives for ever. */
        public Builder resultsRetention(Duration v) {
            return set(ResultsServerSettings.RETENTION, v);
        }

        public Builder fetchAllowedNetworks(List<String> v) {
            fetchAllowedNetworks = new ArrayList<>(v);
            return this;
        }

        public Builder s3AllowedEndpoints(List<String> v) {
            s3AllowedEndpoints = new ArrayList<>(v);
            return this;
        }

        public Builder egressRefuseNonPublic(boolean v) {
            egressRefuseNonPublic = v;
            return this;
        }

        /**
         * Checks every value and builds the configuration.
         *
         * @throws InvalidConfigException listing every invalid value under its key's name, with
         *     what would be accepted
         */
        public WorkerConfig build() {
            List<Problem> problems = new ArrayList<>();
            String address = temporalAddress == null ? "" : temporalAddress.strip();
            if (!validAddress(address)) {
                problems.add(
                        new Problem(
                                ConfigKey.TEMPORAL_ADDRESS.key(),
                                "invalid address \""
                                        + address
                                        + "\"; use host:port such as 127.0.0.1:7233 or temporal.example.com:7233, or a gRPC"
                                        + " target such as dns:///temporal.example.com:7233"));
            }
            String ns = namespace == null ? "" : namespace.strip();
            if (ns.isEmpty()) {
                problems.add(
                        new Problem(
                                ConfigKey.NAMESPACE.key(),
                                "the namespace is empty; name a Temporal"
                                        + " namespace such as default"));
            }
            if ((tlsCert == null) != (tlsKey == null)) {
                problems.add(
                        new Problem(
                                tlsCert == null
                                        ? ConfigKey.TLS_CERT.key()
                                        : ConfigKey.TLS_KEY.key(),
                                "a client certificate needs both "
                                        + ConfigKey.TLS_CERT.key()
                                        + " and "
                                        + ConfigKey.TLS_KEY.key()
                                        + "; set both, or neither for server-only TLS"));
            }
            String id = nodeId == null ? NodeIds.fromHostName() : nodeId.strip();
            if (!NodeIds.isValid(id)) {
                problems.add(
                        new Problem(
                                ConfigKey.NODE_ID.key(),
                                "invalid node id \"" + id + "\"; " + NodeIds.RULE));
            }
            Map<String, String> parsedLabels = labels(problems);
            CapacityOverrides overrides =
                    new CapacityOverrides(
                            quantity(
                                    problems,
                                    ConfigKey.CAPACITY_CPU,
                                    capacityCpu,
                                    () -> {
                                        long v = Quantities.parseCpuMillis(capacityCpu);
                                        if (v <= 0) {
                                            throw new IllegalArgumentException(
                                                    "CPU capacity must be more than 0, got "
                                                            + capacityCpu.strip());
                                        }
                                        return v;
                                    }),
                            quantity(
                                    problems,
                                    ConfigKey.CAPACITY_MEMORY,
                                    capacityMemory,
                                    () -> Quantities.parseBytes(capacityMemory, "memory")),
                            quantity(
                                    problems,
                                    ConfigKey.CAPACITY_DISK,
                                    capacityDisk,
                                    () -> Quantities.parseBytes(capacityDisk, "disk")),
                            quantity(
                                    problems,
                                    ConfigKey.CAPACITY_GPUS,
                                    capacityGpus,
                                    () -> Quantities.parseGpu(capacityGpus)));
            Set<String> parsedEngines =
                    types(problems, ConfigKey.ENGINES, "engine", engines, SpecTypes.ENGINES);
            if (networkTypes.isEmpty()) {
                problems.add(
                        new Problem(
                                ConfigKey.NETWORK_TYPES.key(),
                                "no network type is accepted, so no job"
                                        + " could run; accept at least one of "
                                        + NetworkType.acceptedNames()));
            }
            for (String glob : hostEnvAllowList) {
                if (glob == null || glob.isBlank()) {
                    problems.add(
                            new Problem(
                                    ConfigKey.HOST_ENV_ALLOW_LIST.key(),
                                    "an entry is empty; write"
                                            + " variable names or globs such as AWS_* or MY_TOKEN"));
                }
            }
            String publisher = defaultPublisher == null ? "" : defaultPublisher.strip();
            if (!publisher.isEmpty()) {
                Set<String> one =
                        types(
                                problems,
                                ConfigKey.DEFAULT_PUBLISHER,
                                "publisher",
                                Set.of(publisher),
                                SpecTypes.PUBLISHERS);
                publisher = one.isEmpty() ? publisher : one.iterator().next();
            }
            if (metricsPort < 0 || metricsPort > 65535) {
                problems.add(
                        new Problem(
                                ConfigKey.METRICS_PORT.key(),
                                "invalid port "
                                        + metricsPort
                                        + "; use 1 to 65535, or 0 to turn the metrics endpoint off"));
            }
            positive(problems, ConfigKey.HEARTBEAT_INTERVAL, heartbeatInterval, false);
            positive(problems, ConfigKey.SHUTDOWN_GRACE_PERIOD, shutdownGracePeriod, true);
            positive(problems, ConfigKey.NODE_GRACE_PERIOD, nodeGracePeriod, false);
            if (maxConcurrentPartitions < 1) {
                problems.add(
                        new Problem(
                                ConfigKey.MAX_CONCURRENT_PARTITIONS.key(),
                                "must be at least 1, got " + maxConcurrentPartitions));
            }
            if (placementSlots < 1) {
                problems.add(
                        new Problem(
                                ConfigKey.PLACEMENT_SLOTS.key(),
                                "must be at least 1, got " + placementSlots));
            }
            if (claimsAhead < 0) {
                problems.add(
                        new Problem(
                                ConfigKey.CLAIMS_AHEAD.key(),
                                "must be 0 (take no claim ahead of room) or more, got "
                                        + claimsAhead));
            }
            InputSettings inputs = inputs(problems);
            OutboundSettings outbound = outbound(problems);
            PortRange ports = portRange(problems);
            TaskDiskSettings taskDisk = taskDisk(problems);
            LongRunningSettings longRunning = longRunning(problems);
            ProviderSettings providers =
                    ProviderSettings.resolve(WorkerSettings.PROVIDERS, source, problems)
                            .with(
                                    S3Settings.DECLARATION,
                                    s3 -> s3.withJobEndpoints(outbound.s3Endpoints()));
            if (!problems.isEmpty()) {
                throw new InvalidConfigException(problems);
            }
            return new WorkerConfig(
                    address,
                    ns,
                    new TemporalTls(
                            tlsEnabled,
                            Optional.ofNullable(tlsCert),
                            Optional.ofNullable(tlsKey),
                            Optional.ofNullable(tlsCa),
                            Optional.ofNullable(tlsServerName)),
                    id,
                    parsedLabels,
                    overrides,
                    parsedEngines,
                    networkTypes,
                    hostEnvAllowList.stream().map(String::strip).toList(),
                    storageDir == null ? defaultStorageDir() : storageDir,
                    publisher,
                    metricsPort,
                    heartbeatInterval,
                    shutdownGracePeriod,
                    nodeGracePeriod,
                    maxConcurrentPartitions,
                    placementSlots,
                    claimsAhead,
                    searchAttributes,
                    inputs,
                    ports,
                    outbound,
                    taskDisk,
                    longRunning,
                    providers);
        }

        private InputSettings inputs(List<Problem> problems) {
            long maxBytes =
                    bytes(
                            problems,
                            ConfigKey.INPUT_MAX_BYTES,
                            inputMaxBytes,
                            DEFAULT_INPUT_MAX_BYTES);
            long cacheBytes =
                    bytes(
                            problems,
                            ConfigKey.INPUT_CACHE_SIZE,
                            inputCacheSize,
                            DEFAULT_INPUT_CACHE_SIZE);
            return new InputSettings(maxBytes, Optional.ofNullable(inputCacheDir), cacheBytes);
        }

        private static long bytes(
                List<Problem> problems, ConfigKey key, String text, long fallback) {
            if (text == null || text.isBlank()) {
                return fallback;
            }
            try {
                return Quantities.parseBytes(text, key.key());
            } catch (RuntimeException e) {
                problems.add(new Problem(key.key(), e.getMessage()));
                return fallback;
            }
        }

        private OutboundSettings outbound(List<Problem> problems) {
            OutboundSettings out =
                    new OutboundSettings(
                            fetchAllowedNetworks.stream().map(String::strip).toList(),
                            s3AllowedEndpoints.stream().map(String::strip).toList(),
                            egressRefuseNonPublic);
            try {
                DestinationPolicy.of(out.fetchAllowedNetworks());
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(ConfigKey.FETCH_ALLOWED_NETWORKS.key(), e.getMessage()));
                return OutboundSettings.DEFAULTS;
            }
            try {
                S3EndpointPolicy.of(out.s3AllowedEndpoints(), DestinationPolicy.PUBLIC_ONLY);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(ConfigKey.S3_ALLOWED_ENDPOINTS.key(), e.getMessage()));
                return OutboundSettings.DEFAULTS;
            }
            return out;
        }

        private PortRange portRange(List<Problem> problems) {
            try {
                return PortRange.parse(portRange);
            } catch (CaravelException e) {
                problems.add(
                        new Problem(ConfigKey.PORT_RANGE.key(), e.getMessage() + "; " + e.hint()));
                return null;
            }
        }

        private Map<String, String> labels(List<Problem> problems) {
            List<String> pairs = new ArrayList<>();
            for (Map.Entry<String, String> e : labels.entrySet()) {
                String key = e.getKey() == null ? "" : e.getKey().strip();
                String value = e.getValue() == null ? "" : e.getValue().strip();
                if (key.isEmpty()
                        || key.contains(",")
                        || key.contains("=")
                        || value.contains(",")) {
                    problems.add(
                            new Problem(
                                    ConfigKey.LABELS.key(),
                                    "invalid label \""
                                            + key
                                            + "="
                                            + value
                                            + "\"; keys and values are Kubernetes label names: letters, digits, '-', '_', '.'"));
                    continue;
                }
                pairs.add(value.isEmpty() ? key : key + "=" + value);
            }
            try {
                return LabelsParser.parse(pairs);
            } catch (CaravelException e) {
                String message =
                        e.problems().isEmpty() ? e.getMessage() : e.problems().get(0).message();
                problems.add(new Problem(ConfigKey.LABELS.key(), message));
                return Map.of();
            }
        }

        private static OptionalLong quantity(
                List<Problem> problems, ConfigKey key, String text, LongSupplier parse) {
            if (text == null || text.isBlank()) {
                return OptionalLong.empty();
            }
            try {
                return OptionalLong.of(parse.getAsLong());
            } catch (RuntimeException e) {
                problems.add(new Problem(key.key(), e.getMessage()));
                return OptionalLong.empty();
            }
        }

        private static Set<String> types(
                List<Problem> problems,
                ConfigKey key,
                String what,
                Collection<String> given,
                Set<String> known) {
            Map<String, String> byLower = new LinkedHashMap<>();
            known.stream().sorted().forEach(k -> byLower.put(k.toLowerCase(Locale.ROOT), k));
            Set<String> out = new TreeSet<>();
            for (String raw : given) {
                String type = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
                if (byLower.containsKey(type)) {
                    out.add(type);
                } else {
                    problems.add(
                            new Problem(
                                    key.key(),
                                    "unknown "
                                            + what
                                            + " type \""
                                            + (raw == null ? "" : raw.strip())
                                            + "\"; accepted: "
                                            + String.join(", ", byLower.values())
                                            + Suggestions.didYouMean(type, byLower.values())));
                }
            }
            return out;
        }

        private LongRunningSettings longRunning(List<Problem> problems) {
            positive(problems, ConfigKey.RESTART_BACKOFF, restartBackoff, true);
            positive(problems, ConfigKey.RESTART_BACKOFF_MAX, restartBackoffMax, false);
            if (restartBackoff != null
                    && restartBackoffMax != null
                    && restartBackoffMax.compareTo(restartBackoff) < 0) {
                problems.add(
                        new Problem(
                                ConfigKey.RESTART_BACKOFF_MAX.key(),
                                "must be at least restartBackoff ("
                                        + ConfigDurations.format(restartBackoff)
                                        + "), got "
                                        + ConfigDurations.format(restartBackoffMax)));
            }
            positive(problems, ConfigKey.DAEMON_NODE_CHECK, daemonNodeCheck, false);
            if (longRunningHistory < 100) {
                problems.add(
                        new Problem(
                                ConfigKey.LONG_RUNNING_HISTORY.key(),
                                "must be at least 100 events, got " + longRunningHistory));
            }
            return new LongRunningSettings(
                    restartBackoff, restartBackoffMax, daemonNodeCheck, longRunningHistory);
        }

        private TaskDiskSettings taskDisk(List<Problem> problems) {
            OptionalLong bytes =
                    quantity(
                            problems,
                            ConfigKey.DEFAULT_TASK_DISK,
                            defaultTaskDisk,
                            () -> {
                                long v = Quantities.parseBytes(defaultTaskDisk, "disk");
                                if (v <= 0) {
                                    throw new IllegalArgumentException(
                                            "the default task disk must be more than 0, got "
                                                    + defaultTaskDisk.strip()
                                                    + "; write a size such as 20Gi, or nothing for half the"
                                                    + " node's disk capacity");
                                }
                                return v;
                            });
            return new TaskDiskSettings(bytes);
        }

        private static void positive(
                List<Problem> problems, ConfigKey key, Duration d, boolean zeroAllowed) {
            SettingChecks.positive(problems, key.key(), d, zeroAllowed);
        }

        private static boolean validAddress(String address) {
            if (address.isEmpty() || address.chars().anyMatch(Character::isWhitespace)) {
                return false;
            }
            if (address.contains("://")) {
                return true;
            }
            var m = HOST_PORT.matcher(address);
            if (!m.matches()) {
                return false;
            }
            int port = Integer.parseInt(m.group(1));
            return port >= 1 && port <= 65535;
        }
    }
}
