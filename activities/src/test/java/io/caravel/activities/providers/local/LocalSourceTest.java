package io.caravel.activities.providers.local;

import static io.caravel.activities.sources.SourceTests.context;
import static io.caravel.activities.sources.SourceTests.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.providers.local.LocalAllowList;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSourceTest {
    @TempDir Path tmp;

    Path data;
    Path scratch;

    @BeforeEach
    void dirs() throws IOException {
        // Real paths throughout: the allow-list judges where a path really is.
        tmp = tmp.toRealPath();
        data = Files.createDirectories(tmp.resolve("data"));
        scratch = Files.createDirectories(tmp.resolve("exec/inputs/0"));
        Files.writeString(data.resolve("file.txt"), "hello");
        Files.createDirectories(data.resolve("sub/deeper"));
        Files.writeString(data.resolve("sub/deeper/x.txt"), "x");
    }

    private StagedInput stage(List<String> allow, String type, Map<String, ?> params) {
        return new LocalSource(LocalAllowList.parse(allow))
                .stage(input(type, params, "/mnt/in"), scratch, context(tmp.resolve("exec")));
    }

    private StagedInput stage(List<String> allow, Map<String, ?> params) {
        return stage(allow, "local", params);
    }

    private static Map<String, Object> params(Path path, boolean readWrite, String createAs) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("SourcePath", path.toString());
        p.put("ReadWrite", readWrite);
        if (createAs != null) {
            p.put("CreateAs", createAs);
        }
        return p;
    }

    private static Map<String, Object> params(Path path) {
        return params(path, false, null);
    }

    private void assertRefused(List<String> allow, Map<String, ?> params, String message) {
        assertThatThrownBy(() -> stage(allow, params))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.SPEC_INVALID);
                            assertThat(e.retryable()).isFalse();
                            assertThat(e.getMessage()).contains(message);
                        });
    }

    @Test
    void anAllowedFileIsStagedWhereItIsReadOnlyWithSizeZero() {
        StagedInput staged =
                stage(
                        List.of(data.resolve("file.txt").toString()),
                        params(data.resolve("file.txt")));

        assertThat(staged)
                .isEqualTo(
                        new StagedInput(data.resolve("file.txt").toString(), "/mnt/in", true, 0));
        assertThat(scratch).isEmptyDirectory();
    }

    @Test
    void anAllowedDirectoryIsStagedItself() {
        StagedInput staged = stage(List.of(data.toString()), params(data));

        assertThat(staged.hostPath()).isEqualTo(data.toString());
        assertThat(staged.readOnly()).isTrue();
    }

    @Test
    void doubleStarAllowsAnythingBelowButNotTheParent() {
        List<String> allow = List.of(data + "/**");
        assertThat(stage(allow, params(data.resolve("sub/deeper/x.txt"))).hostPath())
                .isEqualTo(data.resolve("sub/deeper/x.txt").toString());
        assertThat(stage(allow, params(data.resolve("sub"))).hostPath())
                .isEqualTo(data.resolve("sub").toString());
        assertRefused(allow, params(tmp), "is not allowlisted");
    }

    @Test
    void singleStarAllowsChildrenOnly() {
        List<String> allow = List.of(data + "/*");
        assertThat(stage(allow, params(data.resolve("file.txt"))).hostPath()).endsWith("file.txt");
        assertRefused(allow, params(data.resolve("sub/deeper/x.txt")), "is not allowlisted");
    }

    @Test
    void dotDotCannotEscapeAnAllowedDirectory() throws IOException {
        Files.writeString(tmp.resolve("secret.txt"), "secret");
        Path sneaky = Path.of(data + "/sub/../../secret.txt");

        assertRefused(List.of(data + "/**"), params(sneaky), "is not allowlisted");
    }

    @Test
    void aSymbolicLinkInsideAnAllowedDirectoryPointingOutsideIsRefused() throws IOException {
        Path secretDir = Files.createDirectories(tmp.resolve("secrets"));
        Files.writeString(secretDir.resolve("key"), "k");
        Files.createSymbolicLink(data.resolve("link"), secretDir);
        Files.createSymbolicLink(data.resolve("filelink"), secretDir.resolve("key"));

        assertRefused(
                List.of(data + "/**"), params(data.resolve("link")), "(really " + secretDir + ")");
        assertRefused(
                List.of(data + "/**"), params(data.resolve("link/key")), "is not allowlisted");
        assertRefused(
                List.of(data + "/**"), params(data.resolve("filelink")), "is not allowlisted");
    }

    @Test
    void aSymbolicLinkStaysInsideIsStagedAtItsRealPath() throws IOException {
        Files.createSymbolicLink(data.resolve("inner"), data.resolve("sub"));

        assertThat(stage(List.of(data + "/**"), params(data.resolve("inner"))).hostPath())
                .isEqualTo(data.resolve("sub").toString());
    }

    @Test
    void readWriteNeedsAnRwEntry() {
        assertRefused(
                List.of(data + "/**"),
                params(data.resolve("file.txt"), true, null),
                "is not granted write access");
        assertRefused(
                List.of(data + "/**:ro"),
                params(data.resolve("file.txt"), true, null),
                "is not granted write access");

        StagedInput staged =
                stage(List.of(data + "/**:rw"), params(data.resolve("file.txt"), true, null));
        assertThat(staged.readOnly()).isFalse();
    }

    @Test
    void createAsDirCreatesTheMissingDirectoryWithMode0700() throws IOException {
        Path missing = data.resolve("new/nested/dir");

        StagedInput staged = stage(List.of(data + "/**:rw"), params(missing, true, "dir"));

        assertThat(missing).isDirectory();
        assertThat(staged.hostPath()).isEqualTo(missing.toString());
        assertThat(staged.readOnly()).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(missing)))
                .isEqualTo("rwx------");
        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(data.resolve("new"))))
                .isEqualTo("rwx------");
    }

    @Test
    void createAsFileCreatesParentsAndAnEmptyFile() throws IOException {
        Path missing = data.resolve("made/out.txt");

        StagedInput staged = stage(List.of(data + "/**:rw"), params(missing, true, "FILE"));

        assertThat(missing).isRegularFile().isEmptyFile();
        assertThat(staged.hostPath()).isEqualTo(missing.toString());
        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(data.resolve("made"))))
                .isEqualTo("rwx------");
    }

    @Test
    void createAsFileOnAPathEndingInSlashIsRefused() {
        String path = data.resolve("newdir") + "/";

        assertThatThrownBy(
                        () ->
                                stage(
                                        List.of(data + "/**:rw"),
                                        Map.of(
                                                "SourcePath",
                                                path,
                                                "ReadWrite",
                                                true,
                                                "CreateAs",
                                                "file")))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e ->
                                assertThat(e.getMessage())
                                        .isEqualTo(
                                                "volume "
                                                        + path
                                                        + " is a directory but CreateAs is set to file"));
        assertThat(data.resolve("newdir")).doesNotExist();
    }

    @Test
    void aMissingPathWithoutCreateAsOrWriteAccessIsRefused() {
        Path missing = data.resolve("nope");
        assertRefused(
                List.of(data + "/**:rw"),
                params(missing),
                "does not exist and creation is not allowed");
        assertRefused(
                List.of(data + "/**:rw"),
                params(missing, true, null),
                "does not exist and creation is not allowed");
        assertRefused(
                List.of(data + "/**:ro"),
                params(missing, true, "dir"),
                "is not granted write access");
        assertThat(missing).doesNotExist();
    }

    @Test
    void aMissingPathBehindALinkOutsideIsNeitherAllowedNorCreated() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(data.resolve("out"), outside);

        assertRefused(
                List.of(data + "/**:rw"),
                params(data.resolve("out/created"), true, "dir"),
                "is not allowlisted");
        assertThat(outside.resolve("created")).doesNotExist();
    }

    @Test
    void anEmptyAllowListRefusesEveryPathNamingTheWorkerKey() {
        assertThatThrownBy(() -> stage(List.of(), params(data.resolve("file.txt"))))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.getMessage())
                                    .isEqualTo(
                                            "volume "
                                                    + data.resolve("file.txt")
                                                    + " is not allowlisted");
                            assertThat(e.hint()).contains("allowedLocalPaths").contains("disabled");
                        });
    }

    @Test
    void notAllowlistedHintNamesTheWorkerKey() {
        assertThatThrownBy(() -> stage(List.of(data + "/sub/**"), params(data.resolve("file.txt"))))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.hint()).contains("allowedLocalPaths"));
    }

    @Test
    void theLocalDirectoryAliasStagesTheSameWay() {
        StagedInput staged = stage(List.of(data.toString()), "localDirectory", params(data));

        assertThat(staged.hostPath()).isEqualTo(data.toString());
        assertThat(new LocalSource(LocalAllowList.parse(List.of())).type()).isEqualTo("local");
    }

    @Test
    void invalidParamsAreRefused() {
        assertThatThrownBy(() -> stage(List.of("/**"), Map.of("SourcePath", "relative/path")))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.getMessage()).contains("must be absolute"));
    }
}
