package io.caravel.api.providers.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.providers.local.LocalSourceSpec.CreateAs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cases 80-82: the allow-list of local paths, judged on real paths in a temporary tree. */
class LocalAllowListTest {
    @TempDir Path tmp;

    private Path root;
    private Path allowed;
    private Path file;
    private Path nested;
    private Path outside;

    @BeforeEach
    void tree() throws IOException {
        root = tmp.toRealPath();
        allowed = Files.createDirectories(root.resolve("allowed"));
        file = Files.writeString(allowed.resolve("file1"), "x");
        nested =
                Files.writeString(
                        Files.createDirectories(allowed.resolve("sub/deep")).resolve("n.txt"), "y");
        outside =
                Files.writeString(
                        Files.createDirectories(root.resolve("outside")).resolve("secret"), "z");
    }

    private static LocalAllowList list(Object... entries) {
        List<String> out = new ArrayList<>();
        for (Object e : entries) {
            out.add(e.toString());
        }
        return LocalAllowList.parse(out);
    }

    private static void allowed(LocalAllowList list, Path p, boolean rw, CreateAs createAs) {
        assertThatCode(() -> list.check(p, rw, createAs)).doesNotThrowAnyException();
    }

    private static void refused(
            LocalAllowList list, Path p, boolean rw, CreateAs createAs, String message) {
        assertThatThrownBy(() -> list.check(p, rw, createAs))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.SPEC_INVALID);
                            assertThat(e.getMessage()).contains(message);
                            assertThat(e.hint()).isNotBlank();
                        });
    }

    @Test
    @DisplayName("case 80: an empty list disables local sources, any entry enables them")
    void enabled() {
        assertThat(LocalAllowList.parse(List.of()).isEnabled()).isFalse();
        assertThat(LocalAllowList.parse(null).isEnabled()).isFalse();
        assertThat(LocalAllowList.parse(List.of("/x")).isEnabled()).isTrue();
    }

    @Test
    @DisplayName("case 81: globs over the whole path")
    void globMatching() {
        allowed(list(file), file, false, CreateAs.NO_CREATE);
        allowed(list(allowed + "/*"), file, false, CreateAs.NO_CREATE);
        allowed(list(allowed), allowed, false, CreateAs.NO_CREATE);
        allowed(list(allowed + "/**"), nested, false, CreateAs.NO_CREATE);
        allowed(list(allowed + "/file*"), file, false, CreateAs.NO_CREATE);
        allowed(list(allowed + "/file*1"), file, false, CreateAs.NO_CREATE);
        refused(list(allowed + "/sub"), allowed, false, CreateAs.NO_CREATE, "is not allowlisted");
        refused(list(allowed), file, false, CreateAs.NO_CREATE, "is not allowlisted");
        refused(list(allowed + "/*"), nested, false, CreateAs.NO_CREATE, "is not allowlisted");
    }

    @Test
    @DisplayName("case 81: read-write entries and creation of missing paths")
    void readWriteAndCreation() {
        Path missingFile = allowed.resolve("new.txt");
        Path missingDir = allowed.resolve("newdir");

        refused(
                list(allowed + "/*"),
                missingFile,
                false,
                CreateAs.NO_CREATE,
                "does not exist and creation is not allowed");
        refused(
                list(allowed + "/*"),
                missingFile,
                false,
                CreateAs.FILE,
                "does not exist and creation is not allowed");
        allowed(list(allowed + "/*:rw"), missingFile, true, CreateAs.FILE);
        refused(
                list(allowed + "/*:ro"),
                missingFile,
                true,
                CreateAs.DIR,
                "is not granted write access");
        refused(
                list(allowed + "/*:rw"),
                missingFile,
                true,
                CreateAs.NO_CREATE,
                "does not exist and creation is not allowed");
        allowed(list(allowed + "/*:rw"), file, false, CreateAs.NO_CREATE);
        allowed(list(allowed + "/*:rw"), file, true, CreateAs.NO_CREATE);
        refused(
                list(allowed + "/*"),
                file,
                true,
                CreateAs.NO_CREATE,
                "is not granted write access");
        allowed(list(allowed + "/*:rw"), missingDir, true, CreateAs.DIR);
    }

    @Test
    @DisplayName("case 82: the messages name the volume")
    void messages() {
        refused(
                list(allowed + "/*"),
                outside,
                false,
                CreateAs.NO_CREATE,
                "volume " + outside + " is not allowlisted");
        refused(list(), file, false, CreateAs.NO_CREATE, "volume " + file + " is not allowlisted");
        refused(
                list(allowed + "/*:ro"),
                file,
                true,
                CreateAs.NO_CREATE,
                "volume " + file + " is not granted write access");
        refused(
                list(allowed + "/*"),
                allowed.resolve("gone"),
                false,
                CreateAs.NO_CREATE,
                "volume "
                        + allowed.resolve("gone")
                        + " does not exist and creation is not allowed");
    }

    @Test
    void aLaterReadWriteEntryGrantsWhatAnEarlierReadOnlyOneDoesNot() {
        allowed(list(allowed + "/**", allowed + "/file*:rw"), file, true, CreateAs.NO_CREATE);
    }

    @Test
    void dotDotCannotEscape() {
        Path sneaky = allowed.resolve("../outside/secret");

        refused(list(allowed + "/**"), sneaky, false, CreateAs.NO_CREATE, "is not allowlisted");
        refused(
                list(allowed + "/**:rw"),
                allowed.resolve("missing/../../outside/new"),
                true,
                CreateAs.FILE,
                "is not allowlisted");
        assertThat(LocalAllowList.realPath(sneaky)).isEqualTo(outside);
    }

    @Test
    void aSymlinkInsideAnAllowedDirectoryPointingOutsideIsRefused() throws IOException {
        Path link = Files.createSymbolicLink(allowed.resolve("link"), outside);
        Path dirLink = Files.createSymbolicLink(allowed.resolve("dirlink"), outside.getParent());

        refused(list(allowed + "/**"), link, false, CreateAs.NO_CREATE, "is not allowlisted");
        refused(list(allowed + "/**"), link, false, CreateAs.NO_CREATE, "(really " + outside + ")");
        refused(
                list(allowed + "/**:rw"),
                dirLink.resolve("created.txt"),
                true,
                CreateAs.FILE,
                "is not allowlisted");
        assertThat(LocalAllowList.realPath(dirLink.resolve("created.txt")))
                .isEqualTo(outside.getParent().resolve("created.txt"));
    }

    @Test
    void aDanglingSymlinkIsJudgedByWhereItPoints() throws IOException {
        Path target = root.resolve("outside/not-yet");
        Path dangling = Files.createSymbolicLink(allowed.resolve("dangling"), target);

        refused(list(allowed + "/**:rw"), dangling, true, CreateAs.FILE, "is not allowlisted");
        assertThat(LocalAllowList.realPath(dangling)).isEqualTo(target);
        Path relative =
                Files.createSymbolicLink(allowed.resolve("rel"), Path.of("../outside/other"));
        assertThat(LocalAllowList.realPath(relative.resolve("x")))
                .isEqualTo(root.resolve("outside/other/x"));
    }

    @Test
    void aSymlinkWithinTheAllowedTreeIsFine() throws IOException {
        Path link = Files.createSymbolicLink(allowed.resolve("alias"), nested);

        allowed(list(allowed + "/**"), link, false, CreateAs.NO_CREATE);
    }

    @Test
    void aLinkLoopIsRefusedCleanly() throws IOException {
        Path a = allowed.resolve("loop-a");
        Path b = allowed.resolve("loop-b");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);

        refused(list(allowed + "/**"), a, false, CreateAs.NO_CREATE, "cannot be resolved");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", ":rw", "/data/[abc", "/data/{a,b:rw"})
    void badEntriesNameTheEntry(String entry) {
        assertThatThrownBy(() -> LocalAllowList.parse(Arrays.asList("/ok/*", entry)))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
                            assertThat(e.getMessage())
                                    .contains("local allow-list entry \"" + entry + "\"");
                        });
    }

    @Test
    void nullPathIsRefused() {
        refused(list("/**"), null, false, CreateAs.NO_CREATE, "not allowlisted");
    }
}
