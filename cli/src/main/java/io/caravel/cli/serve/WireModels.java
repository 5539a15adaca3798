package io.caravel.cli.serve;

import io.caravel.api.model.Job;
import io.caravel.api.quantity.Resources;
import io.caravel.api.spec.JobSpecWriter;
import io.caravel.cli.JobPages;
import io.caravel.cli.output.BacalhauShapes;
import io.caravel.workflows.model.ExecutionRecord;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.NodeInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Caravel's models as Bacalhau's Go structs marshal them ({@code pkg/models}): {@code models.Job}
 * with its {@code State}, {@code models.Execution} whose {@code ComputeState}/{@code DesiredState}
 * {@code StateType} are numbers (that Go type has no text form, unlike the job's state), {@code
 * models.JobHistory} and {@code models.NodeState}.
 */
final class WireModels {
    /**
     * The Bacalhau API this server speaks, as its {@code GitVersion}; build metadata names Caravel.
     */
    static final String API_VERSION = "v1.9.3";

    private WireModels() {}

    /** {@code models.Job} of a described job: the spec with the job's current state. */
    static Map<String, Object> job(JobDescription d) {
        Map<String, Object> m = new LinkedHashMap<>(JobSpecWriter.toTree(d.job()));
        m.put("State", state(d.state().text(), d.message()));
        return m;
    }

    /** {@code models.Job} of a job list row: only what the visibility store holds. */
    static Map<String, Object> job(JobPages.Row row) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", row.id());
        m.put("Name", row.name());
        m.put("Namespace", row.namespace());
        m.put("Type", row.type());
        m.put("Count", 1);
        m.put("Labels", new TreeMap<>(row.labels()));
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("Name", "main");
        task.put("Engine", Map.of("Type", row.engine()));
        m.put("Tasks", List.of(task));
        m.put("State", state(row.state(), ""));
        m.put("CreateTime", row.createNanos());
        m.put("ModifyTime", row.createNanos());
        return m;
    }

    static List<Map<String, Object>> executions(JobDescription d) {
        return d.executions().stream().map(e -> execution(d.job(), e)).toList();
    }

    static Map<String, Object> execution(Job job, ExecutionRecord e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ID", e.id());
        m.put("Namespace", job.namespace());
        m.put("EvalID", "");
        m.put("Name", "");
        m.put("NodeID", e.nodeId());
        m.put("JobID", job.id());
        m.put("JobVersion", job.version());
        m.put("AllocatedResources", Map.of("Tasks", Map.of()));
        m.put("DesiredState", state(e.desiredState() == null ? 0 : e.desiredState().code(), ""));
        m.put("ComputeState", state(e.state() == null ? 0 : e.state().code(), e.message()));
        m.put("PublishedResult", e.publishedResult());
        m.put("RunOutput", e.runOutput());
        m.put("PreviousExecution", "");
        m.put("NextExecution", "");
        m.put("FollowupEvalID", "");
        m.put("PartitionIndex", e.partitionIndex());
        m.put("Revision", e.attempt());
        m.put("CreateTime", e.createTime());
        m.put("ModifyTime", e.modifyTime());
        return m;
    }

    /**
     * {@code models.JobHistory}, numbered from 1 in the job's order: what {@code job history
     * --output json} prints.
     */
    static List<Map<String, Object>> history(JobDescription d) {
        return BacalhauShapes.history(d);
    }

    /**
     * {@code models.NodeState} of a worker node: every Caravel node is an approved compute node.
     */
    static Map<String, Object> node(NodeInfo n, boolean connected) {
        Map<String, Object> compute = new LinkedHashMap<>();
        compute.put("ExecutionEngines", new ArrayList<>(new java.util.TreeSet<>(n.engines())));
        compute.put("Publishers", new ArrayList<>(new java.util.TreeSet<>(n.publishers())));
        compute.put("StorageSources", new ArrayList<>(new java.util.TreeSet<>(n.sources())));
        compute.put("MaxCapacity", resources(n.capacity()));
        compute.put("QueueCapacity", Map.of());
        compute.put("AvailableCapacity", resources(n.available()));
        compute.put("MaxJobRequirements", resources(n.capacity()));
        compute.put("RunningExecutions", 0);
        compute.put("EnqueuedExecutions", 0);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("NodeID", n.nodeId());
        info.put("NodeType", "Compute");
        info.put("Labels", new TreeMap<>(n.labels()));
        info.put("SupportedProtocols", List.of());
        info.put("ComputeNodeInfo", compute);
        info.put("BacalhauVersion", version());
        String seen = Instant.ofEpochMilli(n.lastSeenMillis()).toString();
        String status = connected ? "CONNECTED" : "DISCONNECTED";
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("Status", status);
        connection.put("LastHeartbeat", seen);
        connection.put("ConnectedSince", connected ? seen : Instant.EPOCH.toString());
        connection.put("DisconnectedSince", connected ? Instant.EPOCH.toString() : seen);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Info", info);
        m.put("Membership", "APPROVED");
        m.put("Connection", status);
        m.put("ConnectionState", connection);
        return m;
    }

    /** {@code models.BuildVersionInfo} of this server. */
    static Map<String, Object> version() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Major", "1");
        m.put("Minor", "9");
        m.put("GitVersion", API_VERSION + "+caravel." + caravelVersion());
        m.put("GitCommit", "");
        m.put("BuildDate", Instant.EPOCH.toString());
        m.put("GOOS", System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT));
        m.put("GOARCH", arch());
        return m;
    }

    private static String caravelVersion() {
        String v = WireModels.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static String arch() {
        String arch = System.getProperty("os.arch", "");
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }

    private static Map<String, Object> resources(Resources r) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (r == null) {
            return m;
        }
        m.put("CPU", r.cpuMillis() / 1000.0);
        m.put("Memory", r.memoryBytes());
        m.put("Disk", r.diskBytes());
        m.put("GPU", r.gpus());
        return m;
    }

    static Map<String, Object> state(Object type, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("StateType", type);
        if (message != null && !message.isEmpty()) {
            m.put("Message", message);
        }
        return m;
    }
}
