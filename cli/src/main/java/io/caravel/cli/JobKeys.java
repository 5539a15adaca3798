package io.caravel.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.caravel.api.Sha256;
import io.caravel.api.model.Job;
import io.caravel.api.spec.JobSpecWriter;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.SearchAttributes;
import io.caravel.workflows.model.JobResult;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job's {@code Name} as its key within its namespace, as in Bacalhau: submitting a spec whose
 * Name an existing job has updates that job (same ID, Version + 1) or, when nothing changed, is
 * refused with {@code no changes detected} unless forced. On Temporal (docs/compatibility.md): the
 * job is found through the {@code CaravelJobName} and {@code CaravelNamespace} search attributes;
 * each run records the digest of its submitted spec and its Version in its memo; an update stops
 * the running run, if any, and starts a new run of the same workflow id with the new spec and
 * Version.
 */
final class JobKeys {
    private static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private JobKeys() {}

    /** The latest run of the job that has {@code name} in {@code namespace}. */
    record Existing(String id, long version, String digest, boolean running) {}

    /**
     * What {@link #lookUp} found: the job, none, or that this server cannot tell (a note for the
     * user).
     */
    record Lookup(Optional<Existing> existing, String note) {}

    /**
     * The digest of what was submitted (the prepared spec without its ID), to tell a changed spec
     * from the same.
     */
    static String digest(Job prepared) {
        try {
            byte[] canonical =
                    CANONICAL.writeValueAsBytes(
                            JobSpecWriter.toTree(prepared.toBuilder().id("").build()));
            return Sha256.hex(canonical);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The job named {@code name} in {@code namespace}, through the visibility store. */
    static Lookup lookUp(WorkflowClient client, String name, String namespace) {
        String query =
                "WorkflowType = '"
                        + JobWorkflow.TYPE
                        + "' AND "
                        + SearchAttributes.JOB_NAME.getName()
                        + " = "
                        + literal(name)
                        + " AND "
                        + SearchAttributes.JOB_NAMESPACE.getName()
                        + " = "
                        + literal(namespace);
        List<WorkflowExecutionMetadata> runs;
        try {
            runs = client.listExecutions(query).limit(50).toList();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                return new Lookup(
                        Optional.empty(), ""); // the in-memory server: every run is a new job
            }
            if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                return new Lookup(
                        Optional.empty(),
                        "this server has no search attribute "
                                + SearchAttributes.JOB_NAME.getName()
                                + ", so a job of the same Name cannot be found and"
                                + " updated; submitting a new job");
            }
            throw e;
        }
        Map<String, WorkflowExecutionMetadata> latest = new LinkedHashMap<>();
        for (WorkflowExecutionMetadata m : runs) {
            latest.merge(
                    m.getExecution().getWorkflowId(),
                    m,
                    (a, b) -> b.getStartTime().isAfter(a.getStartTime()) ? b : a);
        }
        if (latest.size() > 1) {
            throw new CliException(
                    "multiple jobs are named "
                            + name
                            + " in namespace "
                            + namespace
                            + ": "
                            + String.join(", ", latest.keySet()),
                    "stop or rename all but one; a Name is a job's key");
        }
        return new Lookup(
                latest.values().stream()
                        .findFirst()
                        .map(
                                m ->
                                        new Existing(
                                                m.getExecution().getWorkflowId(),
                                                memoLong(m, JobWorkflow.MEMO_VERSION, 1),
                                                memoString(m, JobWorkflow.MEMO_SPEC_DIGEST),
                                                m.getStatus()
                                                        == WorkflowExecutionStatus
                                                                .WORKFLOW_EXECUTION_STATUS_RUNNING)),
                "");
    }

    /**
     * Stops the running run of {@code existing}, if any, and waits for it to close, so a new run
     * can start.
     */
    static void supersede(WorkflowClient client, Existing existing, long newVersion) {
        if (!existing.running()) {
            return;
        }
        try {
            client.newWorkflowStub(JobWorkflow.class, existing.id())
                    .stop("superseded by version " + newVersion + " of the job");
        } catch (WorkflowException closedMeanwhile) {
            // It ended on its own; nothing to stop.
        }
        try {
            client.newUntypedWorkflowStub(existing.id()).getResult(JobResult.class);
        } catch (WorkflowException ended) {
            // A stopped job's run fails; only its closing matters here.
        }
    }

    private static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static long memoLong(WorkflowExecutionMetadata m, String key, long fallback) {
        try {
            Long v = m.getMemo(key, Long.class, Long.class);
            return v == null ? fallback : v;
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static String memoString(WorkflowExecutionMetadata m, String key) {
        try {
            String v = m.getMemo(key, String.class, String.class);
            return v == null ? "" : v;
        } catch (RuntimeException e) {
            return "";
        }
    }
}
