package io.caravel.activities.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.model.ResultPath;
import io.caravel.api.model.RunOutput;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResultsLayoutTest {
    @TempDir Path results;

    /** Bacalhau conformance case 87 (pkg/executor/results_test.go): truncation of "hello world". */
    @ParameterizedTest(name = "file limit {0}, summary limit {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "0;   0;   '';          '';          true",
                "5;   11;  hello;       hello world; false",
                "11;  5;   hello world; hello;       true",
                "100; 100; hello world; hello world; false",
            })
    void case87TruncatesFileAndSummarySeparately(
            long fileLimit, int summaryLimit, String file, String summary, boolean truncated)
            throws Exception {
        ResultsLayout layout = new ResultsLayout(ResultsLayout.Limits.of(fileLimit, summaryLimit));

        ResultsLayout.Outcome outcome =
                layout.write(results, stream("hello world"), stream("hello world"), 0);

        RunOutput out = outcome.runOutput();
        assertThat(results.resolve("stdout")).hasContent(file);
        assertThat(results.resolve("stderr")).hasContent(file);
        assertThat(out.stdout()).isEqualTo(summary);
        assertThat(out.stderr()).isEqualTo(summary);
        assertThat(out.stdoutTruncated()).isEqualTo(truncated);
        assertThat(out.stderrTruncated()).isEqualTo(truncated);
        assertThat(outcome.stdoutFileTruncated()).isEqualTo(fileLimit < 11);
        assertThat(outcome.stdoutBytes()).isEqualTo(11);
    }

    /**
     * Bacalhau conformance case 88: a non-zero exit code is a completed run with the usual layout.
     */
    @Test
    void case88ExitCodeIsWrittenAndIsNoError() throws Exception {
        ResultsLayout.Outcome outcome =
                new ResultsLayout().write(results, stream("out"), stream("err"), 123);

        try (var files = Files.list(results)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("stdout", "stderr", "exitCode");
        }
        assertThat(results.resolve("exitCode")).hasContent("123");
        assertThat(Files.size(results.resolve("exitCode"))).isEqualTo(3);
        assertThat(outcome.runOutput())
                .isEqualTo(new RunOutput("out", false, "err", false, 123, ""));
        assertThat(outcome.runOutput().failed()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "-1, -1", "12345, 1234", "-2147483648, -214"})
    void exitCodeFileIsCappedAtFourBytes(int code, String written) throws Exception {
        new ResultsLayout().write(results, stream(""), stream(""), code);
        assertThat(Files.readString(results.resolve("exitCode"))).isEqualTo(written);
    }

    @Test
    void defaultsAreBacalhaus() {
        assertThat(ResultsLayout.Limits.DEFAULT)
                .isEqualTo(new ResultsLayout.Limits(1L << 30, 2048, 1L << 30, 2048));
    }

    @Test
    void summaryIsCutAtTwoKibWithoutSplittingACharacter() throws Exception {
        String text = "a" + "é".repeat(2000);
        ResultsLayout.Outcome outcome =
                new ResultsLayout().write(results, stream(text), stream(""), 0);

        assertThat(outcome.runOutput().stdout()).isEqualTo("a" + "é".repeat(1023));
        assertThat(outcome.runOutput().stdoutTruncated()).isTrue();
        assertThat(results.resolve("stdout")).hasContent(text);
        assertThat(outcome.stdoutFileTruncated()).isFalse();
    }

    @Test
    void streamsWrittenPieceByPieceAndNoExitCodeWithoutFinish() throws Exception {
        ResultsLayout layout = new ResultsLayout(ResultsLayout.Limits.of(6, 3));
        try (ResultsLayout.Writer writer = layout.open(results)) {
            writer.stdout().write("abc".getBytes(StandardCharsets.UTF_8));
            writer.stdout().write('d');
            writer.stdout().write("efgh".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(results.resolve("stdout")).hasContent("abcdef");
        assertThat(results.resolve("exitCode")).doesNotExist();
    }

    @Test
    void summarizeCutsRunOutputsLongerThanTheLimit() {
        RunOutput big = new RunOutput("x".repeat(5000), false, "short", false, 1, "");
        RunOutput cut = ResultsLayout.summarize(big);

        assertThat(cut.stdout()).hasSize(RunOutput.SUMMARY_LIMIT);
        assertThat(cut.stdoutTruncated()).isTrue();
        assertThat(cut.stderr()).isEqualTo("short");
        assertThat(cut.stderrTruncated()).isFalse();
        RunOutput small = new RunOutput("a", true, "b", false, 0, "");
        assertThat(ResultsLayout.summarize(small)).isSameAs(small);
    }

    @Test
    void oneDirectoryPerResultPathName() throws Exception {
        ResultsLayout.createResultPathDirs(
                results,
                List.of(
                        new ResultPath("outputs", "/outputs"),
                        new ResultPath("logs", "/var/log/app")));

        assertThat(results.resolve("outputs")).isDirectory();
        assertThat(results.resolve("logs")).isDirectory();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "../x", "stdout", "exitCode"})
    void refusesResultPathNamesThatAreNoPlainDirectoryName(String name) {
        assertThatThrownBy(() -> ResultsLayout.resultPathDir(results, new ResultPath(name, "/out")))
                .isInstanceOf(CaravelException.class)
                .hasMessageContaining("cannot be used as a directory");
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
