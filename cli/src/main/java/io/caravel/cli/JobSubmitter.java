package io.caravel.cli;

import io.caravel.activities.files.FileTrees;
import io.caravel.api.model.Job;
import io.caravel.api.model.JobStateType;
import io.caravel.api.spec.JobSpecWriter;
import io.caravel.api.spec.ParsedJob;
import io.caravel.cli.embedded.EmbeddedCluster;
import io.caravel.cli.embedded.EmbeddedWorkerConfig;
import io.caravel.cli.embedded.EngineOffer;
import io.caravel.workflows.JobWorkflow;
import io.caravel.workflows.model.JobDescription;
import io.caravel.workflows.model.JobResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The runtime flags every submitting verb shares ({@code job run}, {@code docker run}, {@code wasm
 * run}) and what they do: print the job ({@code --dry-run}), or submit it, to the configured server
 * or an embedded one, and wait for it with progress and a summary.
 */
final class JobSubmitter {
    private static final Duration POLL = Duration.ofMillis(500);

    @Option(
            names = "--wait",
            arity = "0..1",
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Wait for the job to end (default true; --wait=false prints only the job ID).")
    boolean wait;

    @Option(
            names = "--wait-timeout-secs",
            defaultValue = "600",
            description = "How long to wait (default 600).")
    long waitTimeoutSecs;

    @Option(names = "--id-only", description = "Print only the job ID; wait quietly.")
    boolean idOnly;

    @Option(
            names = "--force",
            description =
                    "Submit even if a job of the same Name has the same spec (a new run of"
                            + " it, Version + 1), as Bacalhau's --force.")
    boolean force;

    @Option(
            names = "--dry-run",
            description = "Print the job as it would be submitted (YAML) and exit.")
    boolean dryRun;

    @Option(
            names = {"-f", "--follow"},
            description =
                    "Print the output of the job's execution as it runs, instead "
                            + "of the progress lines, then the summary.")
    boolean follow;

    @Mixin ResultsAccess access;

    @Option(
            names = "--embedded",
            description = "Start an in-memory Temporal server and a worker for this job only.")
    boolean embedded;

    /** Builds the job from a verb's arguments and files. */
    @FunctionalInterface
    interface Preparation {
        ParsedJob prepare() throws IOException;
    }

    /**
     * Prepares the job, prints its warnings unless {@code hideWarnings}, then prints it (dry run)
     * or submits it and, unless told not to, waits for it. A job for the configured server is
     * prepared while the connection to it opens; an error in the job still comes first.
     *
     * @return the exit code: {@link ExitCodes#OK} unless a job waited for did not complete
     */
    int run(
            Preparation preparation,
            boolean hideWarnings,
            CaravelCommand root,
            PrintWriter out,
            PrintWriter err)
            throws IOException, InterruptedException {
        Connection.Pending pending = dryRun || embedded ? null : root.connectInBackground();
        ParsedJob parsed;
        try {
            parsed = preparation.prepare();
        } catch (IOException | RuntimeException e) {
            if (pending != null) {
                pending.abandon();
            }
            throw e;
        }
        if (!hideWarnings) {
            parsed.warnings().forEach(w -> err.println("warning: " + w));
            err.flush();
        }
        if (dryRun) {
            out.print(JobSpecWriter.toSpecYaml(parsed.job()));
            out.flush();
            return ExitCodes.OK;
        }
        if (pending != null) {
            try (Connection connection = pending.await()) {
                return submit(connection.client(), parsed.job(), out, err);
            }
        }
        Path storage = Files.createTempDirectory("caravel-embedded-");
        try {
            EmbeddedWorkerConfig.Resolved worker =
                    EmbeddedWorkerConfig.resolve(
                            EmbeddedWorkerConfig.Defaults.oneJob(storage, engineType(parsed.job())),
                            Optional.empty(),
                            root.env());
            requireEngine(parsed.job(), worker.engines());
            worker.engines().lines().forEach(line -> err.println("embedded worker: " + line));
            err.flush();
            try (EmbeddedCluster cluster =
                            EmbeddedCluster.start(
                                    EmbeddedCluster.startInMemory(0), worker.config());
                    Connection connection = Connection.open(cluster.address(), "default")) {
                return submit(connection.client(), parsed.job(), out, err);
            }
        } finally {
            // A leftover temporary directory must not replace the job's own outcome (or exception).
            try {
                FileTrees.delete(storage);
            } catch (IOException e) {
                err.println(
                        "warning: cannot delete the embedded worker's storage "
                                + storage
                                + ": "
                                + e.getMessage());
                err.flush();
            }
        }
    }

    /**
     * Refuses at once a job whose engine the embedded worker does not offer, saying why it is off.
     */
    private static void requireEngine(Job job, EngineOffer engines) {
        String type = engineType(job);
        if (type != null && engines.off().containsKey(type)) {
            EngineOffer.Off off = engines.off().get(type);
            throw new CliException(
                    "the embedded worker does not run engine " + type + ": " + off.why(),
                    off.remedy() + ", and run the job again");
        }
    }

    private static String engineType(Job job) {
        return job.task()
                .map(t -> t.engine())
                .map(e -> e.type())
                .map(t -> t.toLowerCase(Locale.ROOT))
                .orElse(null);
    }

    private int submit(WorkflowClient client, Job spec, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        JobStarter.Started started =
                JobStarter.start(
                        client,
                        spec,
                        force,
                        note -> {
                            err.println("note: " + note);
                            err.flush();
                        });
        String id = started.id();
        long version = started.version();
        Job named = started.job();
        boolean updated = started.updated();
        if (idOnly || !wait) {
            out.println(id);
            out.flush();
            if (!wait) {
                return ExitCodes.OK;
            }
        } else if (updated && follow) {
            out.println("Job successfully updated. Job ID: " + id + " (version " + version + ")");
            out.println("Following its output... (Ctrl-C stops following; the job keeps running)");
            out.flush();
            new LogStreamer(client, access.logClient(), out, err).stream(id, null, true, false);
        } else if (updated) {
            out.println("Job successfully updated. Job ID: " + id + " (version " + version + ")");
            out.println("Checking job status... (Ctrl-C stops waiting; the job keeps running)");
            out.flush();
        } else if (follow) {
            out.println("Job successfully submitted. Job ID: " + id);
            out.println("Following its output... (Ctrl-C stops following; the job keeps running)");
            out.flush();
            new LogStreamer(client, access.logClient(), out, err).stream(id, null, true, false);
        } else {
            out.println("Job successfully submitted. Job ID: " + id);
            out.println("Checking job status... (Ctrl-C stops waiting; the job keeps running)");
            out.flush();
        }
        JobResult result =
                await(client, client.newUntypedWorkflowStub(id), id, idOnly || follow ? null : out);
        if (!idOnly) {
            out.print(
                    JobSummary.render(
                            result,
                            !named.task().map(t -> t.publisher().isEmpty()).orElse(true),
                            !embedded));
            out.flush();
        }
        return result.state() == JobStateType.COMPLETED ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private JobResult await(
            WorkflowClient client, WorkflowStub stub, String id, PrintWriter progressOut)
            throws InterruptedException {
        CompletableFuture<JobResult> future =
                stub.getResultAsync(waitTimeoutSecs, TimeUnit.SECONDS, JobResult.class);
        ProgressWatcher watcher =
                progressOut == null
                        ? null
                        : new ProgressWatcher(progressOut, System.console() != null);
        while (true) {
            try {
                JobResult result = future.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (watcher != null) {
                    watcher.finish(result);
                }
                return result;
            } catch (TimeoutException e) {
                if (watcher != null) {
                    describe(stub)
                            .ifPresent(d -> watcher.update(d, StepProgress.of(client, id, d)));
                }
            } catch (ExecutionException e) {
                JobResult failed = failedJob(e.getCause());
                if (failed != null) {
                    if (watcher != null) {
                        watcher.finish(failed);
                    }
                    return failed;
                }
                if (e.getCause() instanceof TimeoutException) {
                    throw new CliException(
                            "job "
                                    + id
                                    + " did not end within "
                                    + waitTimeoutSecs
                                    + " s; it keeps "
                                    + "running",
                            "follow it with `caravel job describe "
                                    + id
                                    + "`, or raise "
                                    + "--wait-timeout-secs");
                }
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static Optional<JobDescription> describe(WorkflowStub stub) {
        try {
            return Optional.of(stub.query("describe", JobDescription.class));
        } catch (RuntimeException e) {
            // The first workflow task may not have run yet; the next poll tries again.
            return Optional.empty();
        }
    }

    /** The JobResult a Failed job carries in its JOB_FAILED failure, or null for other failures. */
    private static JobResult failedJob(Throwable t) {
        if (t instanceof WorkflowFailedException f
                && f.getCause() instanceof ApplicationFailure a
                && JobWorkflow.JOB_FAILED.equals(a.getType())
                && a.getDetails().getSize() > 0) {
            return a.getDetails().get(JobResult.class);
        }
        return null;
    }
}
