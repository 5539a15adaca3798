package io.caravel.cli;

import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.SearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowNotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns what a user typed after a job verb into one job id, as Bacalhau's job store does: the job's
 * {@code Name} first, then its ID or an ID prefix such as the short id {@code job list} prints
 * ({@code j-1a2b3c4d}). Looked up in Temporal's visibility store: {@code WorkflowId STARTS_WITH}
 * for ids, the {@code CaravelJobName} search attribute (kept by workers with {@code
 * searchAttributes} on) for names. A full {@code j-<uuid>} is taken as it is, with no round trip;
 * so is anything when the server cannot list (the in-memory server of {@code caravel dev
 * --in-memory}).
 */
public final class JobResolver {
    /** A full generated job id. */
    static final Pattern FULL_ID =
            Pattern.compile("j-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** The most candidates one lookup reads; enough to tell one job from several. */
    private static final int MAX_CANDIDATES = 20;

    private static final Pattern PREFIXED_UUID =
            Pattern.compile("([a-zA-Z])-(\\w{8})-\\w{4}-\\w{4}-\\w{4}-\\w{12}");

    private JobResolver() {}

    /**
     * Bacalhau's short form of an id ({@code idgen.ShortUUID}): {@code j-1a2b3c4d}; other ids as
     * they are.
     */
    public static String shortId(String id) {
        java.util.regex.Matcher m = PREFIXED_UUID.matcher(id);
        return m.matches() ? m.group(1) + "-" + m.group(2) : id;
    }

    /**
     * The id of the one job {@code idOrName} names, or a {@link CliException} saying why there is
     * none.
     */
    public static String resolve(WorkflowClient client, String idOrName) {
        String key = idOrName == null ? "" : idOrName.strip();
        if (key.isEmpty()) {
            throw new CliException(
                    "no job ID or name given", "pass a job ID, its short ID or the job's Name");
        }
        if (FULL_ID.matcher(key).matches()) {
            return key;
        }
        String literal = "'" + key.replace("\\", "\\\\").replace("'", "\\'") + "'";
        String byPrefix = "WorkflowId STARTS_WITH " + literal;
        List<Match> matches;
        boolean namesSearched = true;
        try {
            matches =
                    list(
                            client,
                            byPrefix
                                    + " OR "
                                    + SearchAttributes.JOB_NAME.getName()
                                    + " = "
                                    + literal);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                return key; // no visibility store: only a full id can be looked up.
            }
            if (e.getStatus().getCode() != Status.Code.INVALID_ARGUMENT) {
                throw e;
            }
            namesSearched = false; // CaravelJobName is not registered on this server
            matches = list(client, byPrefix);
        }
        // Bacalhau looks the Name up first, then the ID.
        Set<String> named = new LinkedHashSet<>();
        Set<String> prefixed = new LinkedHashSet<>();
        for (Match m : matches) {
            if (key.equals(m.name())) {
                named.add(m.id());
            }
            if (m.id().startsWith(key)) {
                prefixed.add(m.id());
            }
        }
        if (named.size() == 1) {
            return named.iterator().next();
        }
        if (named.size() > 1) {
            throw new CliException(
                    "multiple jobs are named " + key + ": " + String.join(", ", named),
                    "use one job's ID; give jobs distinct Names to address them by Name");
        }
        if (prefixed.contains(key)) {
            return key;
        }
        if (prefixed.isEmpty()) {
            return exact(client, key, namesSearched);
        }
        if (prefixed.size() == 1) {
            return prefixed.iterator().next();
        }
        throw new CliException(
                "multiple jobs found for id "
                        + key
                        + ": "
                        + String.join(", ", prefixed.stream().limit(MAX_CANDIDATES).toList())
                        + (prefixed.size() > MAX_CANDIDATES ? ", ..." : ""),
                "use more of the job ID, or the full ID");
    }

    /**
     * {@code key} itself when a workflow has that id (one the visibility store does not show, or
     * not yet: started moments ago, or not of Caravel's making), else "job not found" naming what
     * was looked for.
     */
    private static String exact(WorkflowClient client, String key, boolean namesSearched) {
        try {
            client.newUntypedWorkflowStub(key).describe();
            return key;
        } catch (RuntimeException e) {
            StatusRuntimeException status = ErrorReporter.find(e, StatusRuntimeException.class);
            if (!(e instanceof WorkflowNotFoundException)
                    && (status == null || status.getStatus().getCode() != Status.Code.NOT_FOUND)) {
                throw e;
            }
            throw new CliException(
                    "job not found: "
                            + key
                            + " (no job has this Name or ID, nor an ID that starts"
                            + " with it)",
                    namesSearched
                            ? "list jobs with `caravel job list`; check --namespace"
                            : "this server has no search attribute "
                                    + SearchAttributes.JOB_NAME.getName()
                                    + ", so jobs cannot be found by Name; register it (docs/running-on-a-cluster.md)"
                                    + " and turn the workers' searchAttributes on",
                    ExitCodes.FAILED,
                    e);
        }
    }

    private static List<Match> list(WorkflowClient client, String filter) {
        String query = "WorkflowType = '" + JobWorkflow.TYPE + "' AND (" + filter + ")";
        List<Match> out = new ArrayList<>();
        client.listExecutions(query).limit(MAX_CANDIDATES * 2L).forEach(m -> out.add(match(m)));
        return out;
    }

    private static Match match(WorkflowExecutionMetadata m) {
        io.temporal.common.SearchAttributes attributes = m.getTypedSearchAttributes();
        String name =
                attributes.containsKey(SearchAttributes.JOB_NAME)
                        ? attributes.get(SearchAttributes.JOB_NAME)
                        : JobPages.memo(m, "Name");
        return new Match(m.getExecution().getWorkflowId(), name);
    }

    private record Match(String id, String name) {}
}
