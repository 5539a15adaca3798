package io.caravel.api.spec;

import static io.caravel.api.spec.Jobs.job;
import static io.caravel.api.spec.Jobs.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.Job;
import io.caravel.api.model.JobState;
import io.caravel.api.model.JobStateType;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** BACALHAU-SPEC.md section 12, "Job": cases 1-14. */
class JobConformanceTest {
    private final JobSpecReader reader = new JobSpecReader();

    @ParameterizedTest(name = "case 1: {0} Count {1} stays {1}")
    @CsvSource({"batch,0", "batch,2", "service,3", "service,0"})
    void normalizeKeepsCountOfBatchAndService(String type, int count) {
        Job normalized = JobNormalizer.normalize(job(type).count(count).build());
        assertThat(normalized.count()).isEqualTo(count);
    }

    @ParameterizedTest(name = "case 2: {0} Count {1} becomes 0")
    @CsvSource({"ops,0", "ops,4", "daemon,0", "daemon,5"})
    void normalizeForcesCountZeroForOpsAndDaemon(String type, int count) {
        assertThat(JobNormalizer.normalize(job(type).count(count).build()).count()).isZero();
    }

    @Test
    @DisplayName(
            "case 2: namespace defaults, name falls back to the ID, collections are never null")
    void normalizeFillsNamespaceAndName() {
        Job normalized =
                JobNormalizer.normalize(Job.builder().id("test-job").type("batch").build());
        assertThat(normalized.namespace()).isEqualTo("default");
        assertThat(normalized.name()).isEqualTo("test-job");
        assertThat(normalized.meta()).isEmpty();
        assertThat(normalized.labels()).isEmpty();
        assertThat(normalized.constraints()).isEmpty();
        assertThat(normalized.tasks()).isEmpty();
    }

    @Test
    @DisplayName("case 3: full validation reports every identity problem at once")
    void validateReportsAllIdentityProblems() {
        Job bad = job("batch").id("invalid job id").name("").namespace("").build();
        assertThat(messages(JobValidator.validate(bad)))
                .contains("Name: missing job name")
                .contains("ID: job ID contains a space")
                .contains("Namespace: job must be in a namespace");
    }

    @Test
    @DisplayName("case 4: negative count")
    void negativeCount() {
        assertThat(messages(JobValidator.validateSubmission(job("batch").count(-1).build())))
                .contains("Count: job count must be >= 0");
    }

    @Test
    void aCountOverThePartitionLimitIsRefusedNamingTheLimit() {
        assertThat(
                        messages(
                                JobValidator.validateSubmission(
                                        job("batch").count(JobValidator.MAX_PARTITIONS).build())))
                .doesNotContain("Count");
        assertThat(messages(JobValidator.validate(job("batch").count(100_000).build())))
                .contains(
                        "Count: Count 100000 is over the limit of 10000 partitions per job; split the work into"
                                + " several jobs of at most 10000");
        assertThat(
                        messages(
                                JobValidator.validate(
                                        job("batch")
                                                .count(JobValidator.MAX_PARTITIONS + 1)
                                                .build())))
                .contains(
                        "Count: Count 10001 is over the limit of 10000 partitions per job; split the work into"
                                + " several jobs of at most 10000");
    }

    @ParameterizedTest(name = "case 5/6: {0} with count {1}")
    @CsvSource({"daemon,2", "ops,3"})
    void allNodeJobsRefuseCount(String type, int count) {
        assertThat(messages(JobValidator.validateSubmission(job(type).count(count).build())))
                .contains(
                        type + " jobs cannot specify count > 1 as they run on all matching nodes");
    }

    @ParameterizedTest(
            name = "case 5/6 through the pipeline: {0} with count {1}, judged before normalisation")
    @CsvSource({"daemon,2", "ops,3"})
    void allNodeJobsRefuseCountBeforeNormalisationSetsItToZero(String type, int count) {
        String spec =
                "Name: j\nType: "
                        + type
                        + "\nCount: "
                        + count
                        + "\nTasks:\n  - Name: main\n    Engine:\n      Type: noop\n";
        assertThatThrownBy(() -> JobSpecs.parseSpecFile(spec))
                .isInstanceOf(CaravelException.class)
                .hasMessageContaining(
                        "Count: "
                                + type
                                + " jobs cannot specify count > 1 as they run on all matching"
                                + " nodes");
    }

    @ParameterizedTest(name = "case 7: {0} count {1} -> {2}")
    @CsvSource(
            nullValues = "absent",
            value = {
                "batch,absent,1",
                "batch,0,0",
                "batch,2,2",
                "service,absent,1",
                "service,0,0",
                "daemon,absent,0",
                "daemon,1,1",
                "ops,absent,0",
                "ops,1,1"
            })
    void countDefaultRuleOnLowerCaseJson(String type, Integer count, int expected) {
        String json =
                "{\"name\":\"j\",\"type\":\""
                        + type
                        + "\""
                        + (count == null ? "" : ",\"count\":" + count)
                        + ",\"tasks\":[{\"name\":\"main\",\"engine\":{\"type\":\"noop\"}}]}";
        assertThat(reader.readJobDocument(json).job().count()).isEqualTo(expected);
    }

    @Test
    @DisplayName("case 7: lower-case keys decode at every level")
    void lowerCaseKeys() {
        Job j =
                reader.readJobDocument(
                                "{\"id\":\"x\",\"name\":\"n\",\"namespace\":\"ns\",\"type\":\"batch\","
                                        + "\"count\":3,\"tasks\":[{\"name\":\"t\",\"engine\":{\"type\":\"docker\",\"params\":"
                                        + "{\"image\":\"busybox\"}},\"resources\":{\"cpu\":\"1\"}}]}")
                        .job();
        assertThat(j.id()).isEqualTo("x");
        assertThat(j.name()).isEqualTo("n");
        assertThat(j.namespace()).isEqualTo("ns");
        assertThat(j.count()).isEqualTo(3);
        assertThat(j.tasks().get(0).engine().params()).containsEntry("image", "busybox");
        assertThat(j.tasks().get(0).resources().cpu()).isEqualTo("1");
    }

    @Test
    @DisplayName("case 8: sanitising a submission resets state, versions and times, with warnings")
    void sanitizeResetsServerFields() {
        Job submitted =
                job("batch")
                        .state(JobState.of(JobStateType.RUNNING))
                        .revision(1)
                        .version(1)
                        .createTime(123)
                        .modifyTime(456)
                        .build();
        JobSanitizer.Result result = JobSanitizer.sanitize(submitted);
        assertThat(result.warnings()).isNotEmpty();
        assertThat(result.job().state().stateType()).isEqualTo(JobStateType.UNDEFINED);
        assertThat(result.job().revision()).isZero();
        assertThat(result.job().version()).isZero();
        assertThat(result.job().createTime()).isZero();
        assertThat(result.job().modifyTime()).isZero();
    }

    @Test
    @DisplayName("case 8: batch IDs and reserved meta keys are dropped, extra tasks truncated")
    void sanitizeDropsIdReservedMetaAndExtraTasks() {
        Job submitted =
                job("batch")
                        .id("client-id")
                        .meta(Map.of("bacalhau.org/x", "1", "mine", "2"))
                        .tasks(java.util.List.of(Jobs.noopTask(), Jobs.noopTask()))
                        .build();
        JobSanitizer.Result result = JobSanitizer.sanitize(submitted);
        assertThat(result.job().id()).isEmpty();
        assertThat(result.job().meta()).containsOnlyKeys("mine");
        assertThat(result.job().tasks()).hasSize(1);
        assertThat(result.warnings())
                .anyMatch(w -> w.contains("job ID is ignored when submitting a batch job"))
                .anyMatch(
                        w ->
                                w.contains(
                                        "job meta key \"bacalhau.org/x\" is reserved and will be ignored"))
                .anyMatch(w -> w.contains("only one task is supported per job"));
    }

    @ParameterizedTest(name = "case 9: {0} rerunnable")
    @EnumSource(JobStateType.class)
    void rerunnable(JobStateType state) {
        boolean expected =
                switch (state) {
                    case PENDING, QUEUED, UNDEFINED -> false;
                    default -> true;
                };
        assertThat(state.isRerunnable()).isEqualTo(expected);
    }

    @Test
    @DisplayName("case 10: a JSON spec file parses")
    void jsonSpecParses() {
        String json =
                "{\"Name\":\"test-job\",\"Type\":\"batch\",\"Count\":1,\"Tasks\":[{\"Name\":\"main\","
                        + "\"Engine\":{\"Type\":\"docker\",\"Params\":{\"Image\":\"ubuntu:latest\","
                        + "\"Entrypoint\":[\"echo\",\"hello\"]}}}]}";
        Job j = JobSpecs.parseSpecFile(json).job();
        assertThat(j.name()).isEqualTo("test-job");
        assertThat(j.tasks().get(0).engine().params()).containsEntry("Image", "ubuntu:latest");
    }

    @Test
    @DisplayName("case 11: an unknown top-level key is refused")
    void unknownTopLevelKey() {
        String json = "{\"Name\":\"j\",\"Type\":\"batch\",\"Selector\":{},\"Tasks\":[]}";
        assertThatThrownBy(() -> reader.readSpecFile(json))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.SPEC_INVALID);
                            assertThat(messages(e)).contains("unknown field: 'Selector' in 'Job'");
                        });
    }

    @Test
    @DisplayName("case 11: a misspelt key gets a suggestion")
    void misspeltKeySuggestion() {
        assertThatThrownBy(() -> reader.readSpecFile("{\"Nmae\":\"j\",\"Type\":\"batch\"}"))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(messages(e)).contains("did you mean 'Name'?"));
    }

    @ParameterizedTest(name = "case 12: top-level {0} is not allowed")
    @CsvSource({"Version,1", "ID,\"x\"", "State,{}", "Revision,2", "CreateTime,3", "modifytime,4"})
    void serverManagedKeysRefused(String key, String value) {
        String json = "{\"Name\":\"j\",\"Type\":\"batch\",\"" + key + "\":" + value + "}";
        assertThatThrownBy(() -> reader.readSpecFile(json))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e ->
                                assertThat(messages(e))
                                        .contains("field: '" + key + "' in 'Job' is not allowed"));
    }

    @Test
    @DisplayName("case 13: a string Count is a type error naming the field")
    void wrongTypeCount() {
        assertThatThrownBy(
                        () ->
                                reader.readSpecFile(
                                        "{\"Name\":\"j\",\"Type\":\"batch\",\"Count\":\"1\"}"))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e ->
                                assertThat(messages(e))
                                        .contains("Count: invalid type: 'string' expected: 'int'"));
    }

    @Test
    @DisplayName("case 14: a nameless noop job is accepted and named after its ID")
    void namelessJob() {
        Job prepared =
                JobSpecs.parseSpecFile(
                                "Type: batch\nCount: 1\nTasks:\n  - Name: main\n"
                                        + "    Engine:\n      Type: noop\n")
                        .job();
        assertThat(prepared.name()).isEmpty();
        Job identified = JobSpecs.assignIdentity(prepared, "j-0001");
        assertThat(identified.id()).isEqualTo("j-0001");
        assertThat(identified.name()).isEqualTo("j-0001");
    }

    @Test
    @DisplayName("case 14: an empty file is refused")
    void emptyFile() {
        assertThatThrownBy(() -> JobSpecs.parseSpecFile(""))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.SPEC_UNREADABLE);
                            assertThat(e.getMessage())
                                    .contains("the job provided is invalid: no content provided");
                        });
    }
}
