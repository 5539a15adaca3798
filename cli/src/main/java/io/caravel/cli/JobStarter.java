package io.caravel.cli;

import io.caravel.api.model.Job;
import io.caravel.api.spec.JobSpecWriter;
import io.caravel.api.spec.JobSpecs;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts a prepared job's workflow, the one way every client submits (the submitting verbs and the
 * Bacalhau API server): a new job ({@code j-<uuid>}), or, when a job of the same {@code Name}
 * exists in its namespace, a new run of that job with Version + 1 ({@link JobKeys}); an unchanged
 * spec is refused unless forced.
 */
public final class JobStarter {
    private JobStarter() {}

    /** The job that was started: its ID and Version, and whether it updated an existing job. */
    public record Started(String id, long version, boolean updated, Job job) {}

    /**
     * Starts {@code spec} (prepared by {@code JobSpecs}) and returns without waiting for it.
     *
     * @param notes receives what the user should know (a server that cannot find jobs by Name)
     * @throws CliException "no changes detected" for an unchanged spec of an existing Name without
     *     {@code force}
     */
    public static Started start(
            WorkflowClient client, Job spec, boolean force, Consumer<String> notes) {
        String id = JobSpecs.newJobId();
        long version = 1;
        String digest = JobKeys.digest(spec);
        JobKeys.Existing existing = null;
        if (!spec.name().isBlank()) {
            JobKeys.Lookup lookup =
                    JobKeys.lookUp(
                            client,
                            spec.name(),
                            spec.namespace().isBlank() ? Job.DEFAULT_NAMESPACE : spec.namespace());
            if (!lookup.note().isEmpty()) {
                notes.accept(lookup.note());
            }
            existing = lookup.existing().orElse(null);
        }
        if (existing != null) {
            if (!force && digest.equals(existing.digest())) {
                throw new CliException(
                        "no changes detected for new job spec. Job Name: '"
                                + spec.name()
                                + "', Job Id: '"
                                + existing.id()
                                + "'",
                        "Use the --force flag to override this warning");
            }
            id = existing.id();
            version = existing.version() + 1;
            JobKeys.supersede(client, existing, version);
        }
        Job named = JobSpecs.assignIdentity(spec, id);
        JobWorkflow stub =
                client.newWorkflowStub(
                        JobWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(id)
                                .setTaskQueue(TaskQueues.DEFAULT)
                                .setMemo(
                                        Map.of(
                                                "Name",
                                                named.name(),
                                                "Type",
                                                named.type(),
                                                "Engine",
                                                named.task()
                                                        .map(
                                                                t ->
                                                                        t.engine() == null
                                                                                ? ""
                                                                                : t.engine().type())
                                                        .orElse(""),
                                                JobWorkflow.MEMO_VERSION,
                                                version,
                                                JobWorkflow.MEMO_SPEC_DIGEST,
                                                digest,
                                                JobPages.MEMO_LABELS,
                                                named.labels()))
                                .build());
        WorkflowClient.start(stub::run, JobSpecWriter.toTree(spec));
        return new Started(id, version, existing != null, named);
    }
}
