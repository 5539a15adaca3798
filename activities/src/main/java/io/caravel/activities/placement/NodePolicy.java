package io.caravel.activities.placement;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.LabelSelectorRequirement;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.local.LocalAllowList;
import io.caravel.api.providers.local.LocalSourceSpec;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What one node is willing to run: its labels (matched by job constraints), the engine, source and
 * publisher types it has enabled (compared trimmed and case-insensitively, as Bacalhau's registries
 * do), the network modes it accepts and the host paths {@code local} sources may mount.
 *
 * <p>{@code None} and {@code Default} are always accepted, as in Bacalhau. A node that does not
 * accept every networked mode (Host, HTTP, Bridge) behaves like Bacalhau's {@code
 * RejectNetworkedJobs}: it runs {@code Default} as {@code None} (see {@link #effectiveNetwork}),
 * because the engine's own choice for {@code Default} (Bridge for Docker, Host for WASM) might be a
 * mode the node refuses.
 *
 * @param engines enabled engine types, lower-cased
 * @param sources enabled input source types, lower-cased
 * @param publishers enabled publisher types, lower-cased
 */
public record NodePolicy(
        String nodeId,
        Map<String, String> labels,
        Set<String> engines,
        Set<String> sources,
        Set<String> publishers,
        Set<NetworkType> networkTypes,
        LocalAllowList localAllowList) {

    private static final Set<NetworkType> NETWORKED =
            EnumSet.of(NetworkType.HOST, NetworkType.HTTP, NetworkType.BRIDGE);

    public NodePolicy {
        Objects.requireNonNull(nodeId, "nodeId");
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
        engines = keys(engines);
        sources = keys(sources);
        publishers = keys(publishers);
        EnumSet<NetworkType> accepted = EnumSet.of(NetworkType.NONE, NetworkType.DEFAULT);
        if (networkTypes != null) {
            networkTypes.stream().filter(Objects::nonNull).forEach(accepted::add);
        }
        if (accepted.contains(NetworkType.HOST) || accepted.contains(NetworkType.FULL)) {
            accepted.add(NetworkType.HOST);
            accepted.add(NetworkType.FULL);
        }
        networkTypes = Collections.unmodifiableSet(accepted);
        localAllowList = localAllowList == null ? LocalAllowList.parse(List.of()) : localAllowList;
    }

    public static Builder builder(String nodeId) {
        return new Builder().nodeId(nodeId);
    }

    public Builder toBuilder() {
        return new Builder()
                .nodeId(nodeId)
                .labels(labels)
                .engines(engines)
                .sources(sources)
                .publishers(publishers)
                .networkTypes(networkTypes)
                .localAllowList(localAllowList);
    }

    public boolean runsEngine(String type) {
        return engines.contains(key(type));
    }

    public boolean hasSource(String type) {
        return sources.contains(key(type));
    }

    public boolean hasPublisher(String type) {
        return publishers.contains(key(type));
    }

    public boolean acceptsNetwork(NetworkType type) {
        return networkTypes.contains(type == null ? NetworkType.DEFAULT : type);
    }

    /** Whether every networked mode is accepted, so {@code Default} may be left to the engine. */
    public boolean acceptsAllNetworking() {
        return networkTypes.containsAll(NETWORKED);
    }

    /**
     * The mode a task asking for {@code requested} runs with here: {@code Default} may become
     * {@code None}.
     */
    public NetworkType effectiveNetwork(NetworkType requested) {
        NetworkType type = requested == null ? NetworkType.DEFAULT : requested;
        return type == NetworkType.DEFAULT && !acceptsAllNetworking() ? NetworkType.NONE : type;
    }

    /** The accepted modes by their canonical names, e.g. {@code Default, None}. */
    public String acceptedNetworkNames() {
        return networkTypes.stream().map(NetworkType::canonical).collect(Collectors.joining(", "));
    }

    /**
     * Why this node cannot run {@code job}, every reason joined by {@code "; "}, e.g. {@code engine
     * docker not enabled here (enabled: noop, wasm); constraint `gpu exists` not met by labels
     * {zone=a}}; empty when it can.
     */
    public String unsuitability(Job job) {
        return String.join("; ", reasons(job));
    }

    /** {@link #unsuitability} as a list, one entry per reason. */
    public List<String> reasons(Job job) {
        List<String> reasons = new ArrayList<>();
        for (LabelSelectorRequirement r : LabelSelector.unmet(job.constraints(), labels)) {
            reasons.add(
                    "constraint `"
                            + LabelSelector.describe(r)
                            + "` not met by labels "
                            + LabelSelector.describe(labels));
        }
        if (job.task().isEmpty()) {
            reasons.add("the job has no task");
            return reasons;
        }
        Task task = job.task().get();
        SpecConfig engine = task.engine();
        if (engine == null || engine.typeKey().isEmpty()) {
            reasons.add("the task names no engine");
        } else if (!runsEngine(engine.type())) {
            reasons.add(
                    "engine "
                            + engine.typeKey()
                            + " not enabled here (enabled: "
                            + listed(engines)
                            + ")");
        }
        for (InputSource input : task.inputSources()) {
            sourceReason(input).ifPresent(reasons::add);
        }
        if (!task.publisher().isEmpty() && !hasPublisher(task.publisher().type())) {
            reasons.add(
                    "publisher "
                            + quoted(task.publisher().typeKey())
                            + " not available (available: "
                            + listed(publishers)
                            + ")");
        }
        NetworkType network = task.network().type();
        if (!acceptsNetwork(network)) {
            reasons.add(
                    "network mode "
                            + network.canonical()
                            + " not accepted by this node (accepted: "
                            + acceptedNetworkNames()
                            + ")");
        }
        return reasons;
    }

    private Optional<String> sourceReason(InputSource input) {
        SpecConfig source = input.source();
        if (source == null || source.typeKey().isEmpty()) {
            return Optional.of("input " + quoted(input.target()) + " names no source type");
        }
        if (!hasSource(source.type())) {
            return Optional.of(
                    "source type "
                            + source.typeKey()
                            + " not available (available: "
                            + listed(sources)
                            + ")");
        }
        if (!source.isType(SpecTypes.SOURCE_LOCAL)
                && !source.isType(SpecTypes.SOURCE_LOCAL_DIRECTORY)) {
            return Optional.empty();
        }
        if (!localAllowList.isEnabled()) {
            return Optional.of("local sources are disabled on this node (no allow-listed paths)");
        }
        try {
            LocalSourceSpec spec = LocalSourceSpec.decode(source);
            localAllowList.check(Path.of(spec.sourcePath()), spec.readWrite(), spec.createAs());
            return Optional.empty();
        } catch (CaravelException | InvalidPathException e) {
            return Optional.of("local source refused: " + e.getMessage());
        }
    }

    private static String listed(Set<String> types) {
        return types.isEmpty() ? "none" : String.join(", ", types);
    }

    private static String quoted(String s) {
        return s.isEmpty() ? "\"\"" : s;
    }

    private static String key(String type) {
        return type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
    }

    private static SortedSet<String> keys(Collection<String> types) {
        TreeSet<String> out = new TreeSet<>();
        if (types != null) {
            for (String t : types) {
                if (t != null && !t.isBlank()) {
                    out.add(key(t));
                }
            }
        }
        return Collections.unmodifiableSortedSet(out);
    }

    /** Builds a policy; unset parts are empty (nothing enabled, no labels, local sources off). */
    public static final class Builder {
        private String nodeId = "";
        private Map<String, String> labels = Map.of();
        private Collection<String> engines = List.of();
        private Collection<String> sources = List.of();
        private Collection<String> publishers = List.of();
        private Collection<NetworkType> networkTypes = List.of();
        private LocalAllowList localAllowList;

        public Builder nodeId(String v) {
            nodeId = v;
            return this;
        }

        public Builder labels(Map<String, String> v) {
            labels = v;
            return this;
        }

        public Builder engines(Collection<String> v) {
            engines = v;
            return this;
        }

        public Builder engines(String... v) {
            engines = List.of(v);
            return this;
        }

        public Builder sources(Collection<String> v) {
            sources = v;
            return this;
        }

        public Builder sources(String... v) {
            sources = List.of(v);
            return this;
        }

        public Builder publishers(Collection<String> v) {
            publishers = v;
            return this;
        }

        public Builder publishers(String... v) {
            publishers = List.of(v);
            return this;
        }

        public Builder networkTypes(Collection<NetworkType> v) {
            networkTypes = v;
            return this;
        }

        public Builder networkTypes(NetworkType... v) {
            networkTypes = List.of(v);
            return this;
        }

        public Builder localAllowList(LocalAllowList v) {
            localAllowList = v;
            return this;
        }

        public NodePolicy build() {
            return new NodePolicy(
                    nodeId,
                    labels,
                    new HashSet<>(engines),
                    new HashSet<>(sources),
                    new HashSet<>(publishers),
                    new HashSet<>(networkTypes),
                    localAllowList);
        }
    }
}
