package io.caravel.activities.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExecutionDirsTest {
    @TempDir Path storage;

    @Test
    void createsPrivateInputsResultsAndLogs() throws Exception {
        ExecutionDirs.Dirs d = new ExecutionDirs(storage).create("e-3f6c0b8e-1d2a");

        assertThat(d.root()).isEqualTo(storage.resolve("executions/e-3f6c0b8e-1d2a"));
        for (Path dir : new Path[] {d.root(), d.inputs(), d.results(), d.logs()}) {
            assertThat(dir).isDirectory();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                    .isEqualTo("rwx------");
        }
        assertThat(d.inputs().getFileName().toString()).isEqualTo("inputs");
        assertThat(d.results().getFileName().toString()).isEqualTo("results");
        assertThat(d.logs().getFileName().toString()).isEqualTo("logs");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "e-",
                "x-1",
                "../e-1",
                "e-1/../../etc",
                "e-..",
                "e-a/b",
                "/e-1",
                "e-1\\x",
                "e-a b",
                "e-\u00e9"
            })
    void refusesIdsThatCouldEscapeOrAreNotExecutionIds(String id) {
        ExecutionDirs dirs = new ExecutionDirs(storage);
        assertThatThrownBy(() -> dirs.create(id))
                .isInstanceOf(CaravelException.class)
                .hasMessageContaining("not a valid execution ID");
        assertThatThrownBy(() -> dirs.delete(id)).isInstanceOf(CaravelException.class);
        assertThat(storage.resolve("executions")).doesNotExist();
    }

    @Test
    void refusesAPlantedSymbolicLinkAndDeletesOnlyTheLink(@TempDir Path outside) throws Exception {
        ExecutionDirs dirs = new ExecutionDirs(storage);
        Files.createDirectories(dirs.executionsRoot());
        Path victim = Files.writeString(outside.resolve("keep.txt"), "keep");
        Files.createSymbolicLink(dirs.executionsRoot().resolve("e-1"), outside);

        assertThatThrownBy(() -> dirs.create("e-1"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("e-1");
        assertThat(outside.resolve("inputs")).doesNotExist();

        dirs.delete("e-1");
        assertThat(dirs.executionsRoot().resolve("e-1")).doesNotExist();
        assertThat(victim).hasContent("keep");
    }

    @Test
    void deleteRemovesTheTreeAndIgnoresWhatIsMissing() throws Exception {
        ExecutionDirs dirs = new ExecutionDirs(storage);
        ExecutionDirs.Dirs d = dirs.create("e-1");
        Files.writeString(
                Files.createDirectories(d.results().resolve("out/deep")).resolve("f"), "x");

        assertThat(dirs.existing()).containsExactly("e-1");
        dirs.delete("e-1");
        dirs.delete("e-1");
        dirs.delete("e-never");
        assertThat(d.root()).doesNotExist();
        assertThat(dirs.existing()).isEmpty();
    }

    @Test
    void resetResultsEmptiesOnlyTheResults() throws Exception {
        ExecutionDirs dirs = new ExecutionDirs(storage);
        ExecutionDirs.Dirs d = dirs.create("e-1");
        Files.writeString(d.results().resolve("stdout"), "old");
        Files.writeString(d.inputs().resolve("in"), "keep");

        dirs.resetResults("e-1");

        assertThat(d.results()).isEmptyDirectory();
        assertThat(d.inputs().resolve("in")).hasContent("keep");
    }
}
