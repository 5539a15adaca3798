package io.caravel.workflows.internal;

import io.temporal.common.converter.RawValue;
import io.temporal.workflow.Workflow;

/**
 * The job a job workflow acts on: its input made canonical once, by the code that first ran the
 * workflow, and read back from the history on every replay.
 *
 * <p>Clients may send any Bacalhau JSON (lower-case keys, the API wrapper, no defaults, legacy WASM
 * params), so the input cannot be the canonical job itself. Re-running the spec pipeline on each
 * replay would make replay depend on today's api rules and worker settings (the default publisher):
 * a changed rule would turn a running job's history into a non-determinism error, or a new
 * validation rule would fail a job that is half done. So the first run records the outcome of the
 * pipeline ({@link JobAdmission}: the canonical job, or the refusal) with {@link
 * Workflow#sideEffect}, and replays read that record without running the pipeline.
 *
 * <p>Why a side effect: the pipeline is pure and fast, so it needs no activity; a side effect
 * records its value as a marker in the same workflow task, with no extra round trip to the server,
 * where a local activity would add one and retry semantics that a pure function does not need. The
 * SDK hands back the value decoded from the recorded payload on the first run too, so the first run
 * acts on exactly what later replays read. An input that is already canonical (what {@code caravel
 * job run} sends) costs one more encoding and decoding of the job than before (see
 * docs/benchmarks.md), and the history one marker holding the job (no larger than the input plus
 * its defaults: at most about 1 MiB, within the server's 2 MB payload limit).
 *
 * <p>What replay still reads with today's code: the job's JSON codec (the api module's {@code
 * JobDecoder}); a change that cannot read jobs recorded earlier needs its own version gate.
 *
 * <p>From version 2 of the marker on, the record leaves out the inline data that the input holds
 * verbatim ({@link RecordedInlineData}): the job is the record with that data put back from the
 * input, on the first run as on every replay. Histories of version 1 record the whole job.
 *
 * <p>Histories recorded before this change have no marker: {@link Workflow#getVersion} answers
 * {@link Workflow#DEFAULT_VERSION} for them and the job is decoded from the input on every replay,
 * as it was then. That branch can go once no workflow started before this change can still run.
 */
public final class RecordedJob {
    /** The version marker of this change. */
    public static final String CHANGE = "canonical-job-recorded";

    private RecordedJob() {}

    /**
     * The canonical job of this workflow's input.
     *
     * @throws io.temporal.failure.ApplicationFailure non-retryable, as {@link JobInput#decode} and
     *     {@link JobPayload#read}, when the input was refused
     */
    public static JobInput.Decoded admit(
            RawValue input, String workflowId, String defaultPublisher) {
        int version = Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 2);
        if (version == Workflow.DEFAULT_VERSION) {
            return JobAdmission.of(input, workflowId, defaultPublisher).orThrow();
        }
        if (version == 1) {
            return Workflow.sideEffect(
                            JobAdmission.class,
                            () -> JobAdmission.of(input, workflowId, defaultPublisher))
                    .orThrow();
        }
        JobAdmission recorded =
                Workflow.sideEffect(
                        JobAdmission.class,
                        () ->
                                RecordedInlineData.leftOut(
                                        JobAdmission.of(input, workflowId, defaultPublisher),
                                        input));
        return RecordedInlineData.putBack(recorded, input).orThrow();
    }
}
