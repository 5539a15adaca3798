package io.caravel.workflows.internal;

import io.caravel.api.model.Job;
import io.temporal.common.converter.RawValue;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/**
 * What a job workflow made of its input, in the form its history records (JSON through Caravel's
 * data converter: {@code {"Job": {...}, "Warnings": [...], "RefusalType": "", "RefusalMessage":
 * ""}}): the canonical job — read, sanitised, given defaults, normalised, validated and given its
 * ID — with the warnings of the way there, or, when the input was refused, the failure's type and
 * message.
 *
 * @param job the canonical job; null when refused
 */
public record JobAdmission(
        Job job, List<String> warnings, String refusalType, String refusalMessage) {
    public JobAdmission {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        refusalType = refusalType == null ? "" : refusalType;
        refusalMessage = refusalMessage == null ? "" : refusalMessage;
    }

    /**
     * Runs the spec pipeline ({@link JobPayload}, {@link JobInput}) on the workflow's raw input. A
     * refusal is returned, not thrown, so that it can be recorded too.
     */
    public static JobAdmission of(RawValue input, String workflowId, String defaultPublisher) {
        try {
            JobInput.Decoded decoded =
                    JobInput.decode(JobPayload.read(input), workflowId, defaultPublisher);
            return new JobAdmission(decoded.job(), decoded.warnings(), "", "");
        } catch (ApplicationFailure refused) {
            return new JobAdmission(
                    null, List.of(), refused.getType(), refused.getOriginalMessage());
        }
    }

    /**
     * The accepted job.
     *
     * @throws ApplicationFailure non-retryable, of the refusal's type and message, when refused
     */
    public JobInput.Decoded orThrow() {
        if (job == null) {
            throw ApplicationFailure.newNonRetryableFailure(refusalMessage, refusalType);
        }
        return new JobInput.Decoded(job, warnings);
    }
}
