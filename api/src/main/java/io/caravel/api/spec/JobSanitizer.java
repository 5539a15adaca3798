package io.caravel.api.spec;

import io.caravel.api.model.Job;
import io.caravel.api.model.JobState;
import io.caravel.api.model.JobStateType;
import io.caravel.api.model.JobType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bacalhau's {@code SanitizeSubmission}: drops what a client may not set on a new job (state,
 * versions, times, the ID of batch and ops jobs, reserved meta keys, extra tasks) and says so.
 */
public final class JobSanitizer {
    /** Meta keys with this prefix belong to the system. */
    public static final String RESERVED_META_PREFIX = "bacalhau.org/";

    private JobSanitizer() {}

    /** The sanitised job and one warning per change. */
    public record Result(Job job, List<String> warnings) {}

    public static Result sanitize(Job job) {
        List<String> warnings = new ArrayList<>();
        Job.Builder b = job.toBuilder();
        if (job.state().stateType() != JobStateType.UNDEFINED) {
            warnings.add("job state is ignored when submitting a job");
            b.state(JobState.UNDEFINED);
        }
        if (job.revision() != 0) {
            warnings.add("job revision is ignored when submitting a job");
            b.revision(0);
        }
        if (job.version() != 0) {
            warnings.add("job version is ignored when submitting a job");
            b.version(0);
        }
        if (job.createTime() != 0) {
            warnings.add("job create time is ignored when submitting a job");
            b.createTime(0);
        }
        if (job.modifyTime() != 0) {
            warnings.add("job modify time is ignored when submitting a job");
            b.modifyTime(0);
        }
        var type = job.jobType();
        if (!job.id().isEmpty()
                && type.isPresent()
                && (type.get() == JobType.BATCH || type.get() == JobType.OPS)) {
            warnings.add("job ID is ignored when submitting a " + type.get().text() + " job");
            b.id("");
        }
        if (job.tasks().size() > 1) {
            warnings.add("only one task is supported per job; tasks after the first are ignored");
            b.tasks(List.of(job.tasks().get(0)));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        job.meta()
                .forEach(
                        (k, v) -> {
                            if (k.startsWith(RESERVED_META_PREFIX)) {
                                warnings.add(
                                        "job meta key \""
                                                + k
                                                + "\" is reserved and will be ignored");
                            } else {
                                meta.put(k, v);
                            }
                        });
        b.meta(meta);
        return new Result(b.build(), warnings);
    }
}
