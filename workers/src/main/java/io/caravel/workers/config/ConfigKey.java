package io.caravel.workers.config;

import io.caravel.activities.settings.ConfigDurations;
import io.caravel.activities.settings.Setting;
import io.caravel.activities.settings.SettingValue;
import io.caravel.api.model.NetworkType;
import io.caravel.workflows.OrchestrationSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The node-wide keys of the worker configuration (identity, Temporal connection, capacity, storage,
 * orchestration...), each with its environment variable, its flag, its default and its meaning (the
 * rows of {@code docs/configuration.md} under "Node keys"), and how a written value is applied to a
 * {@link WorkerConfig.Builder}. The keys of providers are declared by the providers themselves
 * ({@link io.caravel.activities.settings.SettingsDeclaration}); {@link WorkerSettings} composes
 * both. Names match case-insensitively and ignoring {@code -}, {@code _} and {@code .}, so {@code
 * nodeId}, {@code node_id} and {@code node-id} are one key.
 */
public enum ConfigKey {
    TEMPORAL_ADDRESS(
            "temporalAddress",
            "host:port",
            WorkerConfig.DEFAULT_TEMPORAL_ADDRESS,
            "The Temporal frontend to connect to.",
            (b, v) -> b.temporalAddress(v.string())),
    NAMESPACE(
            "namespace",
            "name",
            WorkerConfig.DEFAULT_NAMESPACE,
            "The Temporal namespace the worker polls.",
            (b, v) -> b.namespace(v.string())),
    TLS(
            "tls",
            "boolean",
            "false",
            "Connect to Temporal over TLS. Also on whenever a TLS file or tlsServerName is given.",
            (b, v) -> b.tlsEnabled(v.bool())),
    TLS_CERT(
            "tlsCert",
            "path",
            "",
            "PEM client certificate for mutual TLS; needs tlsKey.",
            (b, v) -> b.tlsCert(v.path())),
    TLS_KEY(
            "tlsKey",
            "path",
            "",
            "PEM (PKCS#8) private key of tlsCert.",
            (b, v) -> b.tlsKey(v.path())),
    TLS_CA(
            "tlsCa",
            "path",
            "",
            "PEM CA certificate(s) to trust for the server; the JVM's trust store when unset.",
            (b, v) -> b.tlsCa(v.path())),
    TLS_SERVER_NAME(
            "tlsServerName",
            "name",
            "",
            "The name the server's certificate must carry (also sent as SNI); the address's host when unset.",
            (b, v) -> b.tlsServerName(v.string())),
    NODE_ID(
            "nodeId",
            "id",
            "host name, sanitized",
            "This node's id: lower-case letters, digits and '-'. Its task queue is caravel-node-ID.",
            (b, v) -> b.nodeId(v.string())),
    LABELS(
            "labels",
            "map",
            "",
            "This node's labels, matched by job constraints: a YAML map, or key=value,key=value.",
            (b, v) -> b.labels(v.map())),
    CAPACITY_CPU(
            "capacityCpu",
            "quantity",
            "detected",
            "CPU to offer, in cores (8, 0.5) or millicores (7500m); replaces the number of processors.",
            (b, v) -> b.capacityCpu(v.string())),
    CAPACITY_MEMORY(
            "capacityMemory",
            "quantity",
            "detected",
            "Memory to offer (64Gi, 500Mb); replaces the physical memory.",
            (b, v) -> b.capacityMemory(v.string())),
    CAPACITY_DISK(
            "capacityDisk",
            "quantity",
            "detected",
            "Disk to offer (500Gi); replaces the usable space of storageDir.",
            (b, v) -> b.capacityDisk(v.string())),
    CAPACITY_GPUS(
            "capacityGpus",
            "count",
            "detected",
            "GPUs to offer; replaces the count nvidia-smi reports (0 turns GPU work off).",
            (b, v) -> b.capacityGpus(v.string())),
    DEFAULT_TASK_DISK(
            "defaultTaskDisk",
            "quantity",
            "capacityDisk / 2",
            "The most a task that sets no Resources.Disk may write (results and scratch); half of capacityDisk"
                    + " (detected or set) when unset, so one job never fills the node's storage.",
            (b, v) -> b.defaultTaskDisk(v.string())),
    ENGINES(
            "engines",
            "list",
            String.join(",", WorkerConfig.DEFAULT_ENGINES),
            "Engine types this node runs: docker, wasm, noop.",
            (b, v) -> b.engines(v.list())),
    NETWORK_TYPES(
            "networkTypes",
            "list",
            "None,Default",
            "Network modes this node accepts: " + NetworkType.acceptedNames() + ".",
            (b, v) -> b.networkTypes(networkTypes(v))),
    HOST_ENV_ALLOW_LIST(
            "hostEnvAllowList",
            "list",
            "",
            "Globs of host environment variables that tasks may read with env:NAME (AWS_*, MY_TOKEN).",
            (b, v) -> b.hostEnvAllowList(v.list())),
    STORAGE_DIR(
            "storageDir",
            "path",
            "~/.caravel/storage",
            "Where executions keep their inputs, results and logs.",
            (b, v) -> b.storageDir(v.path())),
    PORT_RANGE(
            "portRange",
            "range",
            "20000-32000",
            "Host ports (FIRST-LAST) the node hands out for task port mappings with Static 0, as Bacalhau's"
                    + " compute node does; never two running executions of this node at once.",
            (b, v) -> b.portRange(v.string())),
    DEFAULT_PUBLISHER(
            "defaultPublisher",
            "type",
            "",
            "Publisher type for tasks that name none (noop, local, s3, ipfs); empty for none.",
            (b, v) -> b.defaultPublisher(v.string())),
    METRICS_PORT(
            "metricsPort",
            "port",
            Integer.toString(WorkerConfig.DEFAULT_METRICS_PORT),
            "Port of the Prometheus endpoint http://127.0.0.1:PORT/metrics; 0 turns it off.",
            (b, v) -> b.metricsPort(v.integer())),
    HEARTBEAT_INTERVAL(
            "heartbeatInterval",
            "duration",
            ConfigDurations.format(WorkerConfig.DEFAULT_HEARTBEAT_INTERVAL),
            "How often the node reports its capacity to the node registry.",
            (b, v) -> b.heartbeatInterval(v.duration())),
    SHUTDOWN_GRACE_PERIOD(
            "shutdownGracePeriod",
            "duration",
            ConfigDurations.format(WorkerConfig.DEFAULT_SHUTDOWN_GRACE_PERIOD),
            "How long running activities may take to finish when the worker stops, before they are interrupted.",
            (b, v) -> b.shutdownGracePeriod(v.duration())),
    NODE_GRACE_PERIOD(
            "nodeGracePeriod",
            "duration",
            ConfigDurations.format(OrchestrationSettings.DEFAULT_NODE_GRACE_PERIOD),
            "How long a node that stopped (killed, restarting, its Docker daemon down) may take to pick its running"
                    + " executions up again, re-attaching to their containers, before they are placed elsewhere."
                    + " Set the same value on every worker; longer than a worker restart takes.",
            (b, v) -> b.nodeGracePeriod(v.duration())),
    MAX_CONCURRENT_PARTITIONS(
            "maxConcurrentPartitions",
            "count",
            Integer.toString(OrchestrationSettings.DEFAULT_MAX_CONCURRENT_PARTITIONS),
            "Partitions of one batch job placed and run at once; the next starts when one ends. Each running"
                    + " partition holds a workflow thread of the worker that runs the job's workflow. Set the same"
                    + " value on every worker; a job keeps the value it started with.",
            (b, v) -> b.maxConcurrentPartitions(v.integer())),
    RESTART_BACKOFF(
            "restartBackoff",
            "duration",
            ConfigDurations.format(OrchestrationSettings.DEFAULT_RESTART_BACKOFF),
            "Pause before a service or daemon replica whose execution ended is started again; it doubles with each"
                    + " execution in a row that ended within restartBackoffMax of its start. Set the same value on"
                    + " every worker.",
            (b, v) -> b.restartBackoff(v.duration())),
    RESTART_BACKOFF_MAX(
            "restartBackoffMax",
            "duration",
            ConfigDurations.format(OrchestrationSettings.DEFAULT_RESTART_BACKOFF_MAX),
            "The longest pause before a crash-looping service or daemon replica starts again; a run at least this"
                    + " long starts the count again. Set the same value on every worker.",
            (b, v) -> b.restartBackoffMax(v.duration())),
    DAEMON_NODE_CHECK(
            "daemonNodeCheck",
            "duration",
            ConfigDurations.format(OrchestrationSettings.DEFAULT_DAEMON_NODE_CHECK),
            "How often a daemon job reads the node list to start an execution on a node that joined and end the"
                    + " one of a node that left. Set the same value on every worker.",
            (b, v) -> b.daemonNodeCheck(v.duration())),
    LONG_RUNNING_HISTORY(
            "longRunningHistory",
            "count",
            Integer.toString(OrchestrationSettings.DEFAULT_LONG_RUNNING_HISTORY),
            "History events after which a service or daemon job continues as new, carrying its running"
                    + " executions over (sooner when the server suggests it); at least 100. A run keeps the value"
                    + " it started with.",
            (b, v) -> b.longRunningHistory(v.integer())),
    PLACEMENT_SLOTS(
            "placementSlots",
            "count",
            Integer.toString(WorkerConfig.DEFAULT_PLACEMENT_SLOTS),
            "Placement claims each placement queue's worker polls for at once, while the node has free capacity.",
            (b, v) -> b.placementSlots(v.integer())),
    CLAIMS_AHEAD(
            "claimsAhead",
            "count",
            Integer.toString(WorkerConfig.DEFAULT_CLAIMS_AHEAD),
            "Claims a node busy with short executions (one ended in the last 2 s) takes ahead of room: each waits on"
                    + " the node and starts the moment room frees, saving the round trip through the server between"
                    + " a claim and its start; one that gets no room within 3 s goes back to placement. 0 takes"
                    + " none ahead. GPU claims never wait ahead.",
            (b, v) -> b.claimsAhead(v.integer())),
    SEARCH_ATTRIBUTES(
            "searchAttributes",
            "boolean",
            "false",
            "Keep the search attributes CaravelJobState, CaravelJobType, CaravelJobName and CaravelNamespace up to date on job"
                    + " workflows, so jobs can be listed by them. Register them on the server first"
                    + " (scripts/temporal-dev.sh does for the dev server).",
            (b, v) -> b.searchAttributes(v.bool())),
    INPUT_MAX_BYTES(
            "inputMaxBytes",
            "quantity",
            "10Gi",
            "The largest urlDownload file or ipfs CID (its files together) this node stages.",
            (b, v) -> b.inputMaxBytes(v.string())),
    INPUT_CACHE_DIR(
            "inputCacheDir",
            "path",
            "STORAGE_DIR/input-cache",
            "Where the node keeps fetched inputs for later jobs (ipfs by CID, urlDownload by URL and strong ETag).",
            (b, v) -> b.inputCacheDir(v.path())),
    INPUT_CACHE_SIZE(
            "inputCacheSize",
            "quantity",
            "10Gi",
            "The most bytes the input cache keeps; the least recently used entries go first. 0 turns it off.",
            (b, v) -> b.inputCacheSize(v.string())),
    FETCH_ALLOWED_NETWORKS(
            "fetchAllowedNetworks",
            "list",
            "",
            "Non-public destinations the node may fetch from for jobs (urlDownload inputs and their redirects,"
                    + " job-chosen S3 endpoints): CIDR networks (10.0.0.0/8), addresses (127.0.0.1) or HOST:PORT"
                    + " (127.0.0.1:7070); empty: public addresses only.",
            (b, v) -> b.fetchAllowedNetworks(v.list())),
    S3_ALLOWED_ENDPOINTS(
            "s3AllowedEndpoints",
            "list",
            "",
            "S3 endpoints jobs may name in Endpoint besides s3Endpoint (http://minio.internal:9000, .amazonaws.com);"
                    + " empty: only s3Endpoint.",
            (b, v) -> b.s3AllowedEndpoints(v.list())),
    EGRESS_REFUSE_NON_PUBLIC(
            "egressRefuseNonPublic",
            "boolean",
            "true",
            "The HTTP network mode's egress proxy refuses declared names that resolve to non-public addresses"
                    + " (other containers, the host's networks); false admits private ranges of other hosts.",
            (b, v) -> b.egressRefuseNonPublic(v.bool()));

    /** The documentation section of the node-wide keys. */
    public static final String SECTION = "Node keys";

    private final Setting<SettingValue> setting;
    private final BiConsumer<WorkerConfig.Builder, SettingValue> apply;

    ConfigKey(
            String key,
            String kind,
            String defaultText,
            String meaning,
            BiConsumer<WorkerConfig.Builder, SettingValue> apply) {
        this.setting = Setting.of(SECTION, key, kind, null, defaultText, meaning, v -> v);
        this.apply = apply;
    }

    /** This key as a {@link Setting} of the section {@link #SECTION}. */
    public Setting<SettingValue> setting() {
        return setting;
    }

    /** The key as written in the YAML file, e.g. {@code temporalAddress}. */
    public String key() {
        return setting.key();
    }

    /** The environment variable, e.g. {@code CARAVEL_TEMPORAL_ADDRESS}. */
    public String envVar() {
        return setting.envVar();
    }

    /** The flag, e.g. {@code --temporal-address}. */
    public String flag() {
        return setting.flag();
    }

    /** What kind of value it takes, in a word: {@code path}, {@code list}, {@code duration} ... */
    public String kind() {
        return setting.kind();
    }

    /** The default as documented. */
    public String defaultText() {
        return setting.defaultText();
    }

    /** What the key does, in one sentence or two. */
    public String meaning() {
        return setting.meaning();
    }

    /** The node-wide key declared as {@code setting}, if it is one. */
    static Optional<ConfigKey> of(Setting<?> setting) {
        return Arrays.stream(values()).filter(k -> k.setting == setting).findFirst();
    }

    void apply(WorkerConfig.Builder builder, SettingValue value) {
        apply.accept(builder, value);
    }

    private static List<NetworkType> networkTypes(SettingValue value) {
        List<NetworkType> out = new ArrayList<>();
        for (String name : value.list()) {
            out.add(
                    NetworkType.parse(name)
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "unknown network type \""
                                                            + name
                                                            + "\"; accepted: "
                                                            + NetworkType.acceptedNames())));
        }
        return out;
    }
}
