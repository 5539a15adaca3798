package io.caravel.workflows.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.workflows.CaravelDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.RawValue;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobAdmissionTest {
    private static final DataConverter CONVERTER = CaravelDataConverter.get();

    private static RawValue input(Object value) {
        return new RawValue(CONVERTER.toPayload(value).orElseThrow());
    }

    /** The admission as a replay reads it back from the history. */
    private static JobAdmission recordedAndReadBack(JobAdmission admission) {
        return CONVERTER.fromPayload(
                CONVERTER.toPayload(admission).orElseThrow(),
                JobAdmission.class,
                JobAdmission.class);
    }

    private static final Map<String, Object> JOB =
            Map.of(
                    "type",
                    "batch",
                    "count",
                    2,
                    "tasks",
                    List.of(
                            Map.of(
                                    "name",
                                    "main",
                                    "engine",
                                    Map.of(
                                            "type",
                                            "docker",
                                            "params",
                                            Map.of("image", "busybox")))),
                    "state",
                    Map.of("StateType", "Running"));

    @Test
    void anAcceptedJobIsCanonicalAndReadsBackUnchanged() {
        JobAdmission admission = JobAdmission.of(input(JOB), "j-7", "local");

        assertThat(admission.job().id()).isEqualTo("j-7");
        assertThat(admission.job().task().orElseThrow().publisher().type()).isEqualTo("local");
        assertThat(admission.warnings()).contains("job state is ignored when submitting a job");
        assertThat(recordedAndReadBack(admission)).isEqualTo(admission);
        assertThat(admission.orThrow().job()).isEqualTo(admission.job());
    }

    @Test
    void aRefusalIsRecordedAndThrownAsTheSameNonRetryableFailure() {
        JobAdmission refused = JobAdmission.of(input("garbage"), "j-7", "");

        assertThat(refused.job()).isNull();
        assertThat(recordedAndReadBack(refused)).isEqualTo(refused);
        assertThatThrownBy(refused::orThrow)
                .isInstanceOfSatisfying(
                        ApplicationFailure.class,
                        f -> {
                            assertThat(f.getType()).isEqualTo("SPEC_UNREADABLE");
                            assertThat(f.isNonRetryable()).isTrue();
                            assertThat(f.getOriginalMessage())
                                    .startsWith(
                                            "the job spec could not be read: the workflow input is "
                                                    + "a JSON string: \"garbage\"");
                        });
        assertThat(
                        JobAdmission.of(input(Map.of("Type", "batch", "Count", -1)), "j-7", "")
                                .refusalType())
                .isEqualTo("SPEC_INVALID");
        assertThat(JobAdmission.of(null, "j-7", "").refusalType()).isEqualTo("SPEC_UNREADABLE");
    }
}
