package io.caravel.api.spec;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.Problem;
import io.caravel.api.model.Job;
import io.caravel.api.providers.wasm.WasmLegacyConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The pipeline every client and the workflow use: read, sanitise, convert legacy WASM params,
 * normalise, apply defaults, validate. One call, every problem reported at once.
 */
public final class JobSpecs {
    private static final JobSpecReader READER = new JobSpecReader();

    private JobSpecs() {}

    /**
     * Reads a spec file and prepares it for submission: the result is normalised, has Bacalhau's
     * defaults and passes submission validation. It has no ID yet.
     *
     * @throws CaravelException SPEC_UNREADABLE or SPEC_INVALID listing every problem
     */
    public static ParsedJob parseSpecFile(byte[] content) {
        ParsedJob parsed = READER.readSpecFile(content);
        return prepare(parsed.job(), parsed.warnings());
    }

    public static ParsedJob parseSpecFile(String content) {
        ParsedJob parsed = READER.readSpecFile(content);
        return prepare(parsed.job(), parsed.warnings());
    }

    /**
     * As {@link #parseSpecFile(byte[])} for a job already in memory (built from CLI flags, say).
     */
    public static ParsedJob prepare(Job job, List<String> earlierWarnings) {
        List<String> warnings = new ArrayList<>(earlierWarnings);
        JobSanitizer.Result sanitized = JobSanitizer.sanitize(job);
        warnings.addAll(sanitized.warnings());
        Job converted = WasmLegacyConverter.convert(sanitized.job());
        List<Problem> problems =
                new ArrayList<>(JobValidator.validateBeforeNormalization(converted));
        Job normalized = JobNormalizer.normalize(JobDefaults.apply(converted));
        JobValidator.validateSubmission(normalized).stream()
                .filter(p -> !problems.contains(p))
                .forEach(problems::add);
        if (!problems.isEmpty()) {
            throw CaravelException.invalidSpec(problems);
        }
        return new ParsedJob(normalized, warnings);
    }

    /**
     * Gives a prepared job its identity (the ID when it has none, the name when it has none) and
     * applies full validation: what a job must satisfy before it runs.
     *
     * @throws CaravelException SPEC_INVALID listing every problem
     */
    public static Job assignIdentity(Job job, String id) {
        Job withId = job.id().isEmpty() ? job.toBuilder().id(id).build() : job;
        Job named = JobNormalizer.normalize(withId);
        List<Problem> problems = JobValidator.validate(named);
        if (!problems.isEmpty()) {
            throw CaravelException.invalidSpec(problems);
        }
        return named;
    }

    /** A fresh job ID in Bacalhau's form, {@code j-<uuid>}. */
    public static String newJobId() {
        return "j-" + UUID.randomUUID();
    }
}
