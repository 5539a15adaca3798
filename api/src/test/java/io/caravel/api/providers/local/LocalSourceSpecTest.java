package io.caravel.api.providers.local;

import static io.caravel.api.params.SourceSpecTesting.SOURCE;
import static io.caravel.api.params.SourceSpecTesting.atSource;
import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.api.errors.Problem;
import io.caravel.api.errors.Problems;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.providers.local.LocalSourceSpec.CreateAs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LocalSourceSpecTest {

    private static LocalSourceSpec from(Map<String, Object> params, Problems problems) {
        return LocalSourceSpec.from(SpecConfig.of("local", params), problems);
    }

    @ParameterizedTest(name = "case 83: CreateAs \"{0}\" -> {1}")
    @CsvSource({
        "dir, DIR",
        "file, FILE",
        "nocreate, NO_CREATE",
        "noCreate, NO_CREATE",
        "'', NO_CREATE",
        "DIR, DIR",
        "File, FILE",
        "NoCreate, NO_CREATE",
        "NOCREATE, NO_CREATE"
    })
    void createAsParsing(String text, CreateAs expected) {
        Problems problems = atSource();

        LocalSourceSpec spec = from(Map.of("SourcePath", "/data", "CreateAs", text), problems);

        assertThat(problems.list()).isEmpty();
        assertThat(spec.createAs()).isEqualTo(expected);
        assertThat(CreateAs.parse(text)).isEqualTo(expected);
    }

    @Test
    void invalidCreateAs() {
        Problems problems = atSource();

        LocalSourceSpec spec = from(Map.of("SourcePath", "/data", "CreateAs", "invalid"), problems);

        assertThat(spec.createAs()).isEqualTo(CreateAs.NO_CREATE);
        assertThat(problems.list())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path()).isEqualTo(SOURCE + ".Params.CreateAs");
                            assertThat(p.message()).startsWith("invalid CreateAs value invalid");
                        });
        assertThat(CreateAs.parse("folder")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "localDirectory", "LocalDirectory", " LOCAL "})
    void bothTypeNamesAreAccepted(String type) {
        Problems problems = atSource();

        LocalSourceSpec spec =
                LocalSourceSpec.from(
                        SpecConfig.of(
                                type,
                                Map.of("sourcepath", "/d", "readwrite", true, "createas", "dir")),
                        problems);

        assertThat(problems.list()).isEmpty();
        assertThat(spec).isEqualTo(new LocalSourceSpec("/d", true, CreateAs.DIR));
    }

    @ParameterizedTest
    @CsvSource({"true, true", "false, false"})
    void readWriteAsString(String text, boolean expected) {
        Problems problems = atSource();

        assertThat(from(Map.of("SourcePath", "/d", "ReadWrite", text), problems).readWrite())
                .isEqualTo(expected);
        assertThat(problems.list()).isEmpty();
    }

    @Test
    void otherReadWriteStringsAreProblems() {
        Problems problems = atSource();

        LocalSourceSpec spec = from(Map.of("SourcePath", "/d", "ReadWrite", "yes"), problems);

        assertThat(spec.readWrite()).isFalse();
        assertThat(problems.list())
                .extracting(Problem::path)
                .containsExactly(SOURCE + ".Params.ReadWrite");
    }

    @Test
    void readWriteOfWrongType() {
        Problems problems = atSource();

        from(Map.of("SourcePath", "/d", "ReadWrite", 1), problems);

        assertThat(problems.list())
                .extracting(Problem::toString)
                .containsExactly(
                        SOURCE + ".Params.ReadWrite: invalid type: 'number' expected: 'bool'");
    }

    @Test
    void sourcePathIsRequiredAndAbsolute() {
        Problems missing = atSource();
        Problems relative = atSource();

        from(Map.of(), missing);
        from(Map.of("SourcePath", "data/in"), relative);

        assertThat(missing.list())
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.path()).isEqualTo(SOURCE + ".Params.SourcePath");
                            assertThat(p.message()).startsWith("local source path cannot be empty");
                        });
        assertThat(relative.list())
                .extracting(Problem::message)
                .singleElement()
                .asString()
                .contains("\"data/in\" must be absolute");
    }

    static Stream<LocalSourceSpec> specs() {
        return Stream.of(
                new LocalSourceSpec("/data", false, CreateAs.NO_CREATE),
                new LocalSourceSpec("/data/out", true, CreateAs.DIR),
                new LocalSourceSpec("/data/out.txt", true, CreateAs.FILE),
                new LocalSourceSpec("/x", false, null));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void roundTrips(LocalSourceSpec spec) {
        Problems problems = atSource();

        assertThat(LocalSourceSpec.from(SpecConfig.of("local", spec.toParams()), problems))
                .isEqualTo(spec);
        assertThat(problems.list()).isEmpty();
    }

    @Test
    void canonicalParams() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("SourcePath", "/data");
        expected.put("ReadWrite", true);
        expected.put("CreateAs", "noCreate");

        assertThat(new LocalSourceSpec("/data", true, CreateAs.NO_CREATE).toParams())
                .containsExactlyEntriesOf(expected);
    }

    @ParameterizedTest
    @EnumSource(CreateAs.class)
    void createAsValuesParseBack(CreateAs createAs) {
        assertThat(CreateAs.parse(createAs.value())).isEqualTo(createAs);
    }
}
