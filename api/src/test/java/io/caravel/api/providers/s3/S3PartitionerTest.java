package io.caravel.api.providers.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Partition assignment. The expected splits are those of Bacalhau's partitioning tests
 * (pkg/s3/partitioning_test.go), so equal assignments mean equal hashing.
 */
class S3PartitionerTest {

    @ParameterizedTest
    @CsvSource({"'', 811c9dc5", "a, e40c292c", "foobar, bf9cf968"})
    @DisplayName("FNV-1a 32-bit matches the published test vectors")
    void fnvVectors(String input, String hex) {
        assertThat(S3Partitioner.fnv1a32(input)).isEqualTo(Long.parseLong(hex, 16));
    }

    @Test
    @DisplayName(
            "case 78: file1/file3 -> 0, file2/file4 -> 1, dir/ dropped (keys as in the digest)")
    void case78PlainKeys() {
        List<String> keys = List.of("file1", "file2", "dir/", "file3", "file4");

        assertThat(split(keys, "", S3Partition.object(), 2))
                .containsExactly(List.of("file1", "file3"), List.of("file2", "file4"));
    }

    /**
     * One row: a name, the partition config, the source key, the listed keys and the expected
     * split.
     */
    static Arguments row(
            String name,
            S3Partition p,
            String prefix,
            List<String> keys,
            List<List<String>> expected) {
        return Arguments.of(name, p, prefix, keys, expected);
    }

    static Stream<Arguments> bacalhauSplits() {
        S3Partition object = S3Partition.object();
        return Stream.of(
                row(
                        "case 78: basic file distribution",
                        object,
                        "",
                        List.of("file1.txt", "file2.txt", "dir/", "file3.txt", "file4.txt"),
                        List.of(
                                List.of("file1.txt", "file3.txt"),
                                List.of("file2.txt", "file4.txt"))),
                row(
                        "object: nested paths",
                        object,
                        "",
                        List.of(
                                "dir1/file1.txt",
                                "dir1/dir2/file2.txt",
                                "dir1/dir2/dir3/",
                                "dir1/dir2/dir3/file3.txt",
                                "other/file4.txt"),
                        List.of(
                                List.of(
                                        "dir1/dir2/file2.txt",
                                        "dir1/dir2/dir3/file3.txt",
                                        "other/file4.txt"),
                                List.of("dir1/file1.txt"))),
                row(
                        "object: the full key is hashed, not the relative one",
                        object,
                        "prefix/",
                        List.of(
                                "prefix/subdir/file1.txt",
                                "prefix/subdir/file2.txt",
                                "prefix/other/file3.txt",
                                "prefix/dir/"),
                        List.of(
                                List.of("prefix/subdir/file2.txt", "prefix/other/file3.txt"),
                                List.of("prefix/subdir/file1.txt"))),
                row(
                        "object: single partition",
                        object,
                        "",
                        List.of("file1.txt", "file2.txt", "dir/"),
                        List.of(List.of("file1.txt", "file2.txt"))),
                row(
                        "object: only directories",
                        object,
                        "",
                        List.of("dir1/", "dir2/", "dir1/dir3/"),
                        List.of(List.of(), List.of())),
                row(
                        "object: unicode",
                        object,
                        "prefix/",
                        List.of("prefix/文件1.txt", "prefix/文件2.txt", "prefix/文件dir/"),
                        List.of(List.of("prefix/文件2.txt"), List.of("prefix/文件1.txt"))),
                row(
                        "object: many partitions",
                        object,
                        "",
                        List.of("file1.txt", "file2.txt", "file3.txt"),
                        List.of(
                                List.of(),
                                List.of("file1.txt"),
                                List.of(),
                                List.of("file2.txt"),
                                List.of("file3.txt"))),
                row(
                        "regex: capture groups",
                        S3Partition.regex("user(\\d+)"),
                        "prefix/",
                        List.of(
                                "prefix/user123/file1.txt",
                                "prefix/user123/file2.txt",
                                "prefix/user123/another.txt",
                                "prefix/user456/file3.txt",
                                "prefix/user789/file4.txt",
                                "prefix/invalid/file5.txt",
                                "prefix/userdir/"),
                        List.of(
                                List.of("prefix/user456/file3.txt", "prefix/invalid/file5.txt"),
                                List.of("prefix/user789/file4.txt"),
                                List.of(),
                                List.of(
                                        "prefix/user123/file1.txt",
                                        "prefix/user123/file2.txt",
                                        "prefix/user123/another.txt"))),
                row(
                        "regex: no match goes to 0",
                        S3Partition.regex("(\\d{4}-\\d{2})"),
                        "prefix/",
                        List.of(
                                "prefix/abc.txt",
                                "prefix/def.txt",
                                "prefix/ghi.txt",
                                "prefix/dir/"),
                        List.of(
                                List.of("prefix/abc.txt", "prefix/def.txt", "prefix/ghi.txt"),
                                List.of())),
                row(
                        "regex: unicode pattern",
                        S3Partition.regex("用户(\\d+)"),
                        "prefix/",
                        List.of(
                                "prefix/用户123-数据.txt",
                                "prefix/用户123-目录.txt",
                                "prefix/用户456-数据.txt",
                                "prefix/无效.txt",
                                "prefix/目录/"),
                        List.of(
                                List.of("prefix/用户456-数据.txt", "prefix/无效.txt"),
                                List.of("prefix/用户123-数据.txt", "prefix/用户123-目录.txt"))),
                row(
                        "regex: several capture groups joined with U+001F",
                        S3Partition.regex("user(\\d+)-group(\\d+)"),
                        "prefix/",
                        List.of(
                                "prefix/user123-group456.txt",
                                "prefix/user789-group012.txt",
                                "prefix/user123-group999.txt",
                                "prefix/user123-group999.log",
                                "prefix/invalid.txt"),
                        List.of(
                                List.of("prefix/invalid.txt"),
                                List.of(
                                        "prefix/user123-group999.txt",
                                        "prefix/user123-group999.log"),
                                List.of(
                                        "prefix/user123-group456.txt",
                                        "prefix/user789-group012.txt"))),
                row(
                        "regex: whole match without groups",
                        S3Partition.regex("00\\d"),
                        "prefix/",
                        List.of(
                                "prefix/001.txt",
                                "prefix/002.txt",
                                "prefix/003.txt",
                                "prefix/abc.txt"),
                        List.of(
                                List.of("prefix/abc.txt", "prefix/001.txt", "prefix/002.txt"),
                                List.of("prefix/003.txt"),
                                List.of())),
                row(
                        "regex: full match or none",
                        S3Partition.regex("log-20\\d{2}"),
                        "prefix/",
                        List.of("prefix/log-2024.txt", "prefix/log-2025.txt", "prefix/other.txt"),
                        List.of(
                                List.of("prefix/other.txt", "prefix/log-2024.txt"),
                                List.of("prefix/log-2025.txt"))),
                row(
                        "regex: simple numeric",
                        S3Partition.regex("\\d"),
                        "prefix/",
                        List.of("prefix/1.txt", "prefix/2.txt", "prefix/3.txt", "prefix/a.txt"),
                        List.of(
                                List.of("prefix/a.txt", "prefix/1.txt", "prefix/3.txt"),
                                List.of("prefix/2.txt"))),
                row(
                        "regex: an empty match goes to 0",
                        S3Partition.regex("()"),
                        "prefix/",
                        List.of("prefix/data1.txt", "prefix/data2.txt"),
                        List.of(List.of("prefix/data1.txt", "prefix/data2.txt"), List.of())),
                row(
                        "substring: first three characters",
                        S3Partition.substring(0, 3),
                        "prefix/",
                        List.of(
                                "prefix/abc123.txt",
                                "prefix/def456.txt",
                                "prefix/def999.txt",
                                "prefix/def999-more-ignored-chars.txt",
                                "prefix/ghi789.txt",
                                "prefix/dir/"),
                        List.of(
                                List.of(
                                        "prefix/def456.txt",
                                        "prefix/def999.txt",
                                        "prefix/def999-more-ignored-chars.txt"),
                                List.of("prefix/ghi789.txt"),
                                List.of(),
                                List.of("prefix/abc123.txt"))),
                row(
                        "substring: short keys go to 0",
                        S3Partition.substring(0, 10),
                        "prefix/",
                        List.of(
                                "prefix/short.txt",
                                "prefix/medium-name.txt",
                                "prefix/very-long-name.txt",
                                "prefix/dir/"),
                        List.of(
                                List.of("prefix/short.txt", "prefix/medium-name.txt"),
                                List.of("prefix/very-long-name.txt"),
                                List.of())),
                row(
                        "substring: relative to a partial prefix",
                        S3Partition.substring(0, 3),
                        "prefix/user-",
                        List.of(
                                "prefix/user-123-abc.txt",
                                "prefix/user-456-def.txt",
                                "prefix/user-456-another.txt",
                                "prefix/user-789-ghi.txt",
                                "prefix/dir/"),
                        List.of(
                                List.of("prefix/user-456-def.txt", "prefix/user-456-another.txt"),
                                List.of("prefix/user-123-abc.txt", "prefix/user-789-ghi.txt"))),
                row(
                        "substring: characters, not bytes",
                        S3Partition.substring(0, 1),
                        "prefix/",
                        List.of(
                                "prefix/用户123.txt",
                                "prefix/户用456.txt",
                                "prefix/用户789.txt",
                                "prefix/dir/"),
                        List.of(
                                List.of("prefix/户用456.txt"),
                                List.of(),
                                List.of("prefix/用户123.txt", "prefix/用户789.txt"))),
                row(
                        "substring: zero-width characters count",
                        S3Partition.substring(0, 4),
                        "prefix/",
                        List.of(
                                "prefix/\u200Bfile1.txt",
                                "prefix/\uFEFFfile2.txt",
                                "prefix/\u200Efile3.txt"),
                        List.of(
                                List.of("prefix/\u200Efile3.txt"),
                                List.of("prefix/\u200Bfile1.txt", "prefix/\uFEFFfile2.txt"))),
                row(
                        "date: daily",
                        S3Partition.date("2006-01-02"),
                        "prefix/",
                        List.of(
                                "prefix/2023-01-01-data.txt",
                                "prefix/2023-01-02-data.txt",
                                "prefix/2023-01-02-another.txt",
                                "prefix/2023-01-02-more.txt",
                                "prefix/2023-01-03-data.txt",
                                "prefix/invalid-date.txt",
                                "prefix/dates/"),
                        List.of(
                                List.of(
                                        "prefix/2023-01-01-data.txt",
                                        "prefix/2023-01-03-data.txt",
                                        "prefix/invalid-date.txt"),
                                List.of(
                                        "prefix/2023-01-02-data.txt",
                                        "prefix/2023-01-02-another.txt",
                                        "prefix/2023-01-02-more.txt"))),
                row(
                        "date: monthly",
                        S3Partition.date("2006-01"),
                        "prefix/",
                        List.of(
                                "prefix/2023-01/data1.txt",
                                "prefix/2023-02/data2.txt",
                                "prefix/2023-02/another.txt",
                                "prefix/2023-02/more.txt",
                                "prefix/2023-03/data3.txt",
                                "prefix/invalid/data.txt",
                                "prefix/months/"),
                        List.of(
                                List.of(
                                        "prefix/2023-01/data1.txt",
                                        "prefix/2023-03/data3.txt",
                                        "prefix/invalid/data.txt"),
                                List.of(
                                        "prefix/2023-02/data2.txt",
                                        "prefix/2023-02/another.txt",
                                        "prefix/2023-02/more.txt"))),
                row(
                        "date: yearly",
                        S3Partition.date("2006"),
                        "prefix/",
                        List.of(
                                "prefix/2021/data.txt",
                                "prefix/2022/data.txt",
                                "prefix/2022/another.txt",
                                "prefix/2022/more.txt",
                                "prefix/2023/data.txt",
                                "prefix/invalid/data.txt",
                                "prefix/years/"),
                        List.of(
                                List.of(
                                        "prefix/2021/data.txt",
                                        "prefix/2023/data.txt",
                                        "prefix/invalid/data.txt"),
                                List.of(
                                        "prefix/2022/data.txt",
                                        "prefix/2022/another.txt",
                                        "prefix/2022/more.txt"))),
                row(
                        "date: layout ending in the month token 1",
                        S3Partition.date("2006-01-02T1"),
                        "prefix/",
                        List.of(
                                "prefix/2023-01-01T10:00:00Z.txt",
                                "prefix/2023-01-01T15:30:00-07:00.txt",
                                "prefix/2023-01-02T01:00:00+09:00.txt",
                                "prefix/2023-01-02T02:00:00+09:00.txt",
                                "prefix/2023-01-02T05:00:00+09:00.txt",
                                "prefix/invalid.txt",
                                "prefix/tz/"),
                        List.of(
                                List.of(
                                        "prefix/2023-01-02T01:00:00+09:00.txt",
                                        "prefix/2023-01-02T02:00:00+09:00.txt",
                                        "prefix/2023-01-02T05:00:00+09:00.txt",
                                        "prefix/invalid.txt"),
                                List.of(
                                        "prefix/2023-01-01T15:30:00-07:00.txt",
                                        "prefix/2023-01-01T10:00:00Z.txt"))),
                row(
                        "date: only the first len(layout) bytes are read",
                        S3Partition.date("200601"),
                        "prefix/",
                        List.of(
                                "prefix/20230101.txt",
                                "prefix/2023-01-02.txt",
                                "prefix/20230103.txt",
                                "prefix/invalid.txt",
                                "prefix/mixed/"),
                        List.of(
                                List.of("prefix/2023-01-02.txt", "prefix/invalid.txt"),
                                List.of("prefix/20230103.txt", "prefix/20230101.txt"),
                                List.of())),
                row(
                        "date: nested prefix",
                        S3Partition.date("2006-01-02"),
                        "prefix/region/",
                        List.of(
                                "prefix/region/2023-01-01/data.txt",
                                        "prefix/region/2023-01-02/data.txt",
                                "prefix/region/invalid/data.txt", "prefix/backup/"),
                        List.of(
                                List.of("prefix/region/invalid/data.txt"),
                                List.of("prefix/region/2023-01-02/data.txt"),
                                List.of("prefix/region/2023-01-01/data.txt"))),
                row(
                        "date: incomplete dates go to 0",
                        S3Partition.date("2006-01-02"),
                        "prefix/",
                        List.of(
                                "prefix/2023-01.txt",
                                "prefix/2023.txt",
                                "prefix/2023-01-01.txt",
                                "prefix/dir/"),
                        List.of(
                                List.of("prefix/2023-01.txt", "prefix/2023.txt"),
                                List.of(),
                                List.of("prefix/2023-01-01.txt"))),
                row(
                        "date: other separators",
                        S3Partition.date("2006.01.02"),
                        "prefix/",
                        List.of(
                                "prefix/2023.01.01.txt",
                                "prefix/2023.01.02.txt",
                                "prefix/2023.01.02.log",
                                "prefix/2023.01.03.txt",
                                "prefix/dir/"),
                        List.of(
                                List.of("prefix/2023.01.01.txt", "prefix/2023.01.03.txt"),
                                List.of("prefix/2023.01.02.txt", "prefix/2023.01.02.log"))),
                row(
                        "object: special characters",
                        object,
                        "prefix/",
                        List.of(
                                "prefix/!@#$%^&*.txt",
                                "prefix/spaces in name.txt",
                                "prefix/tab\tin name.txt",
                                "prefix/newline\nin name.txt",
                                "prefix/escaped\\slash.txt"),
                        List.of(
                                List.of(
                                        "prefix/escaped\\slash.txt",
                                        "prefix/newline\nin name.txt",
                                        "prefix/tab\tin name.txt"),
                                List.of("prefix/spaces in name.txt", "prefix/!@#$%^&*.txt"))),
                row(
                        "object: mixed scripts",
                        object,
                        "prefix/",
                        List.of(
                                "prefix/文件1.txt",
                                "prefix/файл2.txt",
                                "prefix/파일3.txt",
                                "prefix/ファイル4.txt",
                                "prefix/ملف5.txt"),
                        List.of(
                                List.of("prefix/файл2.txt"),
                                List.of("prefix/ファイル4.txt"),
                                List.of("prefix/文件1.txt", "prefix/파일3.txt", "prefix/ملف5.txt"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bacalhauSplits")
    void splitsAsBacalhauDoes(
            String name,
            S3Partition p,
            String prefix,
            List<String> keys,
            List<List<String>> expected) {
        List<List<String>> actual = split(keys, prefix, p, expected.size());

        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i))
                    .as("partition %d", i)
                    .containsExactlyInAnyOrderElementsOf(expected.get(i));
        }
    }

    @Test
    void unpartitionedOrSingleCountGivesEverythingButDirectories() {
        List<String> keys = List.of("a.txt", "d/", "b.txt");

        assertThat(S3Partitioner.select(keys, "", S3Partition.NONE, 1, 3))
                .containsExactly("a.txt", "b.txt");
        assertThat(S3Partitioner.select(keys, "", null, 0, 2)).containsExactly("a.txt", "b.txt");
        assertThat(S3Partitioner.select(keys, "", S3Partition.object(), 0, 1))
                .containsExactly("a.txt", "b.txt");
        assertThat(S3Partitioner.select(null, "", S3Partition.object(), 0, 2)).isEmpty();
    }

    @Test
    void partitionOfHashesTheFullKeyForObjectsAndTheRelativeKeyOtherwise() {
        assertThat(S3Partitioner.partitionOf("file2", "ignored", S3Partition.object(), 2))
                .isEqualTo(1);
        assertThat(S3Partitioner.partitionOf("p/x", "file2", S3Partition.substring(0, 5), 2))
                .isEqualTo(1);
        assertThat(S3Partitioner.partitionOf("p/x", "file1", S3Partition.substring(0, 5), 2))
                .isZero();
        assertThat(S3Partitioner.partitionOf("file2", "file2", S3Partition.object(), 1)).isZero();
        assertThat(S3Partitioner.partitionOf("file2", "file2", S3Partition.NONE, 4)).isZero();
    }

    @ParameterizedTest(name = "case 79: count {0}")
    @CsvSource({"0", "-1"})
    void countMustBePositive(int count) {
        assertThatThrownBy(
                        () ->
                                S3Partitioner.select(
                                        List.of("a"), "", S3Partition.object(), 0, count))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.SPEC_INVALID);
                            assertThat(e.getMessage())
                                    .contains("job partitions/count must be greater than 0");
                        });
    }

    @ParameterizedTest(name = "case 79: index {0} of 2")
    @CsvSource({"-1", "2", "3"})
    void indexMustBeInRange(int index) {
        assertThatThrownBy(
                        () ->
                                S3Partitioner.select(
                                        List.of("a"), "", S3Partition.object(), index, 2))
                .isInstanceOf(CaravelException.class)
                .hasMessageContaining("partition index must be between 0 and 1");
    }

    @Test
    void anInvalidConfigIsRefusedFirst() {
        assertThatThrownBy(
                        () -> S3Partitioner.select(List.of("a"), "", S3Partition.regex("["), 0, 0))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.SPEC_INVALID);
                            assertThat(e.getMessage())
                                    .contains("Partition.Pattern", "invalid regex pattern");
                        });
        assertThatThrownBy(() -> S3Partitioner.partitionOf("a", "a", S3Partition.date("MST"), 2))
                .isInstanceOf(CaravelException.class)
                .hasMessageContaining("invalid date format: MST");
    }

    private static List<List<String>> split(
            List<String> keys, String prefix, S3Partition p, int count) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(S3Partitioner.select(keys, prefix, p, i, count));
        }
        return out;
    }
}
