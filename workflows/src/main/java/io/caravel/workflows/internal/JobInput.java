package io.caravel.workflows.internal;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.Job;
import io.caravel.api.model.JobType;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.quantity.QuantityFormatException;
import io.caravel.api.quantity.Resources;
import io.caravel.api.spec.JobSpecReader;
import io.caravel.api.spec.JobSpecs;
import io.caravel.api.spec.ParsedJob;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;

/**
 * Turns a job workflow's input into a job ready to run: unwraps the Bacalhau API's {@code {"Job":
 * {...}}} wrapper, reads the job document, sanitises, normalises, applies defaults, validates and
 * gives it the workflow ID. Pure functions only, so it is safe in workflow code. The workflow runs
 * it once and records the result ({@link RecordedJob}).
 */
public final class JobInput {
    private static final JobSpecReader READER = new JobSpecReader();

    private JobInput() {}

    /** An accepted job and what was ignored or changed on the way. */
    public record Decoded(Job job, List<String> warnings) {
        public Decoded {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * @throws ApplicationFailure non-retryable, type {@code SPEC_UNREADABLE} or {@code
     *     SPEC_INVALID} listing every problem, or {@code UNSUPPORTED_TYPE} for service and daemon
     *     jobs
     */
    public static Decoded decode(Map<String, Object> input, String workflowId) {
        return decode(input, workflowId, "");
    }

    /**
     * As {@link #decode(Map, String)}, giving batch and ops tasks without a publisher the type
     * {@code defaultPublisher} (when not empty), as Bacalhau's orchestrator applies its default.
     */
    public static Decoded decode(
            Map<String, Object> input, String workflowId, String defaultPublisher) {
        if (input == null) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "the job spec could not be read: the workflow input is empty; start JobWorkflow with a "
                            + "Bacalhau job as JSON",
                    ErrorCode.SPEC_UNREADABLE.name());
        }
        Decoded decoded;
        try {
            ParsedJob read = READER.readTree(unwrap(input), false);
            ParsedJob prepared =
                    JobSpecs.prepare(
                            withDefaultPublisher(read.job(), defaultPublisher), read.warnings());
            decoded =
                    new Decoded(
                            JobSpecs.assignIdentity(prepared.job(), workflowId),
                            prepared.warnings());
        } catch (CaravelException e) {
            String text =
                    e.hint().isEmpty() ? e.getMessage() : e.getMessage() + "\nhint: " + e.hint();
            throw ApplicationFailure.newNonRetryableFailure(text, e.code().name());
        } catch (RuntimeException e) {
            // Anything else the decoder throws would fail every workflow task forever; fail the
            // workflow.
            throw ApplicationFailure.newNonRetryableFailure(
                    "the job spec could not be read: "
                            + (e.getMessage() == null ? e.toString() : e.getMessage()),
                    ErrorCode.SPEC_UNREADABLE.name());
        }
        checkResources(decoded.job());
        return decoded;
    }

    private static void checkResources(Job job) {
        try {
            Resources.parse(job.task().orElseThrow().resources());
        } catch (QuantityFormatException e) {
            // Validation parses the same quantities, so this is a gap in validation, reported as a
            // spec error.
            throw ApplicationFailure.newNonRetryableFailure(
                    "the job spec is invalid:\n  Tasks[0].Resources: " + e.getMessage(),
                    ErrorCode.SPEC_INVALID.name());
        }
    }

    private static Job withDefaultPublisher(Job job, String defaultPublisher) {
        boolean applies =
                !defaultPublisher.isEmpty()
                        && job.jobType()
                                .map(t -> t == JobType.BATCH || t == JobType.OPS)
                                .orElse(false);
        if (!applies) {
            return job;
        }
        return job.toBuilder()
                .tasks(
                        job.tasks().stream()
                                .map(
                                        t ->
                                                t.publisher().isEmpty()
                                                        ? t.toBuilder()
                                                                .publisher(
                                                                        SpecConfig.of(
                                                                                defaultPublisher))
                                                                .build()
                                                        : t)
                                .toList())
                .build();
    }

    /** The job inside a {@code {"Job": {...}}} wrapper (key in any case), or the input itself. */
    static Object unwrap(Map<String, Object> input) {
        for (Map.Entry<String, Object> e : input.entrySet()) {
            if ("job".equalsIgnoreCase(e.getKey().trim()) && e.getValue() instanceof Map<?, ?>) {
                return e.getValue();
            }
        }
        return input;
    }
}
