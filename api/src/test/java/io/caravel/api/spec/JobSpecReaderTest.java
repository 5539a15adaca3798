package io.caravel.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.Job;
import io.caravel.api.model.NetworkType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Key rules, YAML 1.1 scalars and every reading limit. */
class JobSpecReaderTest {
    private final JobSpecReader reader = new JobSpecReader();

    private static String noopJob(String extraTaskYaml) {
        return "Name: j\nType: batch\nTasks:\n  - Name: main\n    Engine:\n      Type: noop\n"
                + extraTaskYaml;
    }

    @Test
    void keysMatchInAnyCaseAndTheLastDuplicateWins() {
        Job job =
                reader.readJobDocument(
                                "{\"NAME\":\"first\",\"name\":\"second\",\"tYpE\":\"batch\"}")
                        .job();
        assertThat(job.name()).isEqualTo("second");
        assertThat(job.type()).isEqualTo("batch");
    }

    @Test
    void yamlScalarsFollowYaml11() {
        Job job =
                reader.readSpecFile(
                                noopJob(
                                        "    Env:\n      ON_FLAG: yes\n      DATE: 2026-01-02\n"
                                                + "    Resources:\n      CPU: 1\n      Memory: 512\n"))
                        .job();
        assertThat(job.tasks().get(0).env())
                .containsEntry("ON_FLAG", "true")
                .containsEntry("DATE", "2026-01-02");
        assertThat(job.tasks().get(0).resources().cpu()).isEqualTo("1");
        assertThat(job.tasks().get(0).resources().memory()).isEqualTo("512");
    }

    @Test
    void networkTypeIsCaseInsensitive() {
        Job job =
                reader.readSpecFile(
                                noopJob("    Network:\n      Type: http\n      Domains: [a.com]\n"))
                        .job();
        assertThat(job.tasks().get(0).network().type()).isEqualTo(NetworkType.HTTP);
    }

    @Test
    void unknownNestedFieldsAreIgnoredWithAWarning() {
        ParsedJob parsed = reader.readSpecFile(noopJob("    Colour: blue\n"));
        assertThat(parsed.warnings()).contains("unknown field 'Tasks[0].Colour' is ignored");
    }

    @Test
    void yamlMergeKeysWork() {
        String yaml = "defaults: &d\n  Name: main\n  Engine: {Type: noop}\n";
        Job job = reader.readJobDocument(yaml + "Name: j\nType: batch\nTasks:\n  - <<: *d\n").job();
        assertThat(job.tasks().get(0).name()).isEqualTo("main");
    }

    @Test
    void aliasBombIsStopped() {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 5; i++) {
                yaml.append(i == 0 ? "" : ", ").append('*').append(prev);
            }
            yaml.append("]\n");
            prev = c;
        }
        assertThatThrownBy(() -> reader.readJobDocument(yaml.toString()))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SPEC_UNREADABLE));
    }

    @Test
    void tooManyAliasesAreRefused() {
        StringBuilder yaml = new StringBuilder("a: &a [x]\nb: [");
        for (int i = 0; i < 60; i++) {
            yaml.append(i == 0 ? "" : ", ").append("*a");
        }
        yaml.append("]\n");
        assertThatThrownBy(() -> reader.readJobDocument(yaml.toString()))
                .isInstanceOf(CaravelException.class)
                .hasMessageContaining("invalid YAML");
    }

    @Test
    void documentSizeIsCapped() {
        byte[] big =
                ("Name: " + "x".repeat(SpecLimits.DEFAULT.maxDocumentBytes()))
                        .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> reader.readSpecFile(big))
                .isInstanceOf(CaravelException.class)
                .hasMessageContaining("above the limit");
    }

    @Test
    void deepNestingIsRefusedInJsonAndYaml() {
        String json = "{\"Meta\":" + "[".repeat(200) + "]".repeat(200) + "}";
        assertThatThrownBy(() -> reader.readJobDocument(json)).isInstanceOf(CaravelException.class);
        String yaml = "Meta: " + "[".repeat(200) + "]".repeat(200) + "\n";
        assertThatThrownBy(() -> reader.readJobDocument(yaml)).isInstanceOf(CaravelException.class);
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] bad = {'N', 'a', 'm', 'e', ':', ' ', (byte) 0xC3, (byte) 0x28};
        assertThatThrownBy(() -> reader.readSpecFile(bad))
                .isInstanceOf(CaravelException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void aSecondDocumentIsRefused() {
        assertThatThrownBy(() -> reader.readSpecFile(noopJob("") + "---\nName: other\n"))
                .isInstanceOf(CaravelException.class);
    }

    @Test
    void aNonObjectDocumentIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> reader.readSpecFile("[1, 2]"))
                .hasMessageContaining("a job spec must be a mapping of fields");
        assertThatThrownBy(() -> reader.readSpecFile("just text"))
                .hasMessageContaining("a job spec must be a mapping of fields");
    }

    @Test
    void trailingJsonIsRefused() {
        assertThatThrownBy(() -> reader.readJobDocument("{\"Name\":\"a\"} {\"Name\":\"b\"}"))
                .isInstanceOf(CaravelException.class)
                .hasMessageContaining("invalid JSON");
    }
}
