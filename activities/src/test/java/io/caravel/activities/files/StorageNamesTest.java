package io.caravel.activities.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one rule for published names (issue 14, item 4). */
@Tag("security")
class StorageNamesTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "stdout",
                "outputs/a.txt",
                "outputs/a\\b.txt",
                "outputs/.hidden",
                "outputs/...",
                "outputs/a..b",
                "outputs/\\",
                "outputs/ü ö.txt"
            })
    void canonicalNamesArePublishedAsTheyAre(String name) {
        assertThat(StorageNames.problem(name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "/stdout",
                "outputs//a",
                "outputs/",
                "./stdout",
                "outputs/./a",
                "outputs/../a",
                "..",
                "outputs/..\\..\\x",
                "outputs\\..",
                ".\\x",
                "a/b\\.\\c",
                "a\u0000b",
                "a\nb",
                "a\u007fb",
                "a\uFFFDb"
            })
    void namesWithEmptyDotOrDotDotSegmentsOrControlCharactersAreNot(String name) {
        assertThat(StorageNames.problem(name)).isPresent();
    }

    @Test
    void aPathWithDotDotSegmentsIsNeverTurnedIntoAName() {
        Path root = tmp.resolve("results");
        assertThatThrownBy(
                        () ->
                                StorageNames.relativeName(
                                        root, root.resolve("outputs/../../other-job/stdout")))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_NAME))
                .hasMessageContaining("outputs/../../other-job/stdout");
        assertThatThrownBy(() -> StorageNames.relativeName(root, root.resolve("./stdout")))
                .isInstanceOf(CaravelException.class);
        assertThatThrownBy(() -> StorageNames.relativeName(root, root))
                .isInstanceOf(CaravelException.class);
        assertThat(StorageNames.relativeName(root, root.resolve("outputs").resolve("a\\b")))
                .isEqualTo("outputs/a\\b");
    }

    @Test
    void keysAndPrefixesMustBeCanonical() {
        assertThat(StorageNames.checkKey("jobs/j-1/")).isEqualTo("jobs/j-1/");
        assertThat(StorageNames.checkKey("jobs/j-1.tar.gz")).isEqualTo("jobs/j-1.tar.gz");
        for (String key :
                new String[] {
                    "jobs/../x/", "/jobs/x", "jobs//x", "jobs/./x", "/", "", "jobs/x//"
                }) {
            assertThatThrownBy(() -> StorageNames.checkKey(key))
                    .as(key)
                    .isInstanceOfSatisfying(
                            CaravelException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_NAME));
        }
    }

    @Test
    void listingATreeNamesEveryBadFileAtOnce() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("results/outputs"));
        Files.writeString(root.resolve("good.txt"), "g");
        Files.writeString(root.resolve("..\\one"), "1");
        Files.writeString(root.resolve("two\u0001"), "2");

        assertThatThrownBy(() -> StorageNames.list(tmp.resolve("results")))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.UNSAFE_NAME);
                            assertThat(e.retryable()).isFalse();
                        })
                .hasMessageContaining("2 result files' names cannot be published")
                .hasMessageContaining("\"outputs/..\\one\"")
                .hasMessageContaining("\"outputs/two\\u0001\"");
    }
}
