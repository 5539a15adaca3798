package io.caravel.workflows.placement;

import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.LabelSelectorRequirement;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.Task;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.quantity.Quantities;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.model.NodeInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * Whether a node could ever run a job's task, judged from what the node declares: its total
 * capacity (not what is free now), the engines, input sources and publishers it has, the network
 * modes its policy accepts, and its labels against the job's constraints. Type names are compared
 * trimmed and case-insensitively; the deprecated source type {@code localDirectory} counts as
 * {@code local}.
 */
public final class NodeEligibility {
    private NodeEligibility() {}

    /** Whether {@code node} could run the task of {@code job}, which needs {@code need}. */
    public static boolean isEligible(Job job, Resources need, NodeInfo node) {
        return reasons(job, need, node).isEmpty();
    }

    /**
     * What keeps {@code node} from ever running the task, one phrase each ({@code "needs 2 GPUs,
     * has 0"}); empty when it could run it.
     */
    public static List<String> reasons(Job job, Resources need, NodeInfo node) {
        Task task =
                job.task().orElseThrow(() -> new IllegalArgumentException("the job has no task"));
        Resources have = capacity(node);
        List<String> reasons = new ArrayList<>();
        if (need.cpuMillis() > have.cpuMillis()) {
            reasons.add("needs " + cpu(need.cpuMillis()) + ", has " + cpu(have.cpuMillis()));
        }
        if (need.memoryBytes() > have.memoryBytes()) {
            reasons.add(
                    "needs "
                            + Quantities.formatBytes(need.memoryBytes())
                            + " memory, has "
                            + Quantities.formatBytes(have.memoryBytes()));
        }
        if (need.diskBytes() > have.diskBytes()) {
            reasons.add(
                    "needs "
                            + Quantities.formatBytes(need.diskBytes())
                            + " disk, has "
                            + Quantities.formatBytes(have.diskBytes()));
        }
        if (need.gpus() > have.gpus()) {
            reasons.add("needs " + gpus(need.gpus()) + ", has " + have.gpus());
        }
        if (task.engine() != null && !contains(node.engines(), task.engine().type())) {
            reasons.add(
                    "does not run engine "
                            + task.engine().type()
                            + " (runs "
                            + list(node.engines())
                            + ")");
        }
        for (String source : sourceTypes(task)) {
            if (!contains(node.sources(), source)) {
                reasons.add(
                        "does not read input source "
                                + source
                                + " (reads "
                                + list(node.sources())
                                + ")");
            }
        }
        if (!task.publisher().isEmpty() && !contains(node.publishers(), task.publisher().type())) {
            reasons.add(
                    "does not publish to "
                            + task.publisher().type()
                            + " (publishes to "
                            + list(node.publishers())
                            + ")");
        }
        NetworkType network = task.network().type();
        if (!acceptsNetwork(node.networkTypes(), network)) {
            reasons.add(
                    "does not accept network "
                            + network.canonical()
                            + " (accepts "
                            + list(
                                    node.networkTypes().stream()
                                            .map(NetworkType::canonical)
                                            .toList())
                            + ")");
        }
        for (LabelSelectorRequirement c : job.constraints()) {
            if (!LabelSelectors.matches(c, node.labels())) {
                reasons.add("labels do not match " + LabelSelectors.describe(c));
            }
        }
        return reasons;
    }

    /**
     * Why none of {@code nodes} can run the task. What no node has at all is named first and alone
     * ({@code "no node with 2 GPUs; the largest has 0"}); when every need is met by some node but
     * never all by one, each node is listed with what it lacks.
     */
    public static String explainNone(Job job, Resources need, List<NodeInfo> nodes) {
        if (nodes.isEmpty()) {
            return "no node is connected";
        }
        Task task =
                job.task().orElseThrow(() -> new IllegalArgumentException("the job has no task"));
        List<String> missing = new ArrayList<>();
        long maxCpu = max(nodes, Resources::cpuMillis);
        if (need.cpuMillis() > maxCpu) {
            missing.add(
                    "no node with " + cpu(need.cpuMillis()) + "; the largest has " + cpu(maxCpu));
        }
        long maxMemory = max(nodes, Resources::memoryBytes);
        if (need.memoryBytes() > maxMemory) {
            missing.add(
                    "no node with "
                            + Quantities.formatBytes(need.memoryBytes())
                            + " memory; the largest has "
                            + Quantities.formatBytes(maxMemory));
        }
        long maxDisk = max(nodes, Resources::diskBytes);
        if (need.diskBytes() > maxDisk) {
            missing.add(
                    "no node with "
                            + Quantities.formatBytes(need.diskBytes())
                            + " disk; the largest has "
                            + Quantities.formatBytes(maxDisk));
        }
        long maxGpus = max(nodes, Resources::gpus);
        if (need.gpus() > maxGpus) {
            missing.add("no node with " + gpus(need.gpus()) + "; the largest has " + maxGpus);
        }
        if (task.engine() != null
                && nodes.stream().noneMatch(n -> contains(n.engines(), task.engine().type()))) {
            missing.add("no node runs engine " + task.engine().type());
        }
        for (String source : sourceTypes(task)) {
            if (nodes.stream().noneMatch(n -> contains(n.sources(), source))) {
                missing.add("no node reads input source " + source);
            }
        }
        if (!task.publisher().isEmpty()
                && nodes.stream()
                        .noneMatch(n -> contains(n.publishers(), task.publisher().type()))) {
            missing.add("no node publishes to " + task.publisher().type());
        }
        NetworkType network = task.network().type();
        if (nodes.stream().noneMatch(n -> acceptsNetwork(n.networkTypes(), network))) {
            missing.add("no node accepts network " + network.canonical());
        }
        for (LabelSelectorRequirement c : job.constraints()) {
            if (nodes.stream().noneMatch(n -> LabelSelectors.matches(c, n.labels()))) {
                missing.add("no node has labels matching " + LabelSelectors.describe(c));
            }
        }
        if (!missing.isEmpty()) {
            return String.join("; ", missing);
        }
        return nodes.stream()
                .map(n -> n.nodeId() + " " + String.join(", ", reasons(job, need, n)))
                .collect(Collectors.joining("; "));
    }

    /** Whether a node accepting {@code accepted} may run a task asking for {@code wanted}. */
    public static boolean acceptsNetwork(Set<NetworkType> accepted, NetworkType wanted) {
        if (wanted == NetworkType.DEFAULT) {
            // Default leaves the choice to the node, so every node can honour it.
            return true;
        }
        if (wanted.isHost()) {
            return accepted.stream().anyMatch(NetworkType::isHost);
        }
        return accepted.contains(wanted);
    }

    private static Resources capacity(NodeInfo node) {
        return node.capacity() == null ? new Resources(0, 0, 0, 0) : node.capacity();
    }

    private static long max(List<NodeInfo> nodes, ToLongFunction<Resources> field) {
        return nodes.stream().map(NodeEligibility::capacity).mapToLong(field).max().orElse(0);
    }

    private static List<String> sourceTypes(Task task) {
        return task.inputSources().stream()
                .map(InputSource::source)
                .filter(s -> s != null && !s.type().isBlank())
                .map(s -> s.type().trim())
                .distinct()
                .toList();
    }

    private static boolean contains(Collection<String> declared, String type) {
        String wanted = key(type);
        return declared.stream().anyMatch(d -> key(d).equals(wanted));
    }

    private static String key(String type) {
        String k = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
        return k.equals(SpecTypes.SOURCE_LOCAL_DIRECTORY.toLowerCase(Locale.ROOT))
                ? SpecTypes.SOURCE_LOCAL
                : k;
    }

    private static String list(Collection<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", new TreeSet<>(names));
    }

    private static String cpu(long millis) {
        return (millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m") + " CPU";
    }

    private static String gpus(long n) {
        return n + (n == 1 ? " GPU" : " GPUs");
    }
}
