package io.caravel.api.providers.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3LocalLayoutTest {

    @ParameterizedTest(name = "cases 72/73: key {0}, object {1} -> {2}")
    @CsvSource({
        "p/set1/001.txt, p/set1/001.txt, 001.txt",
        "p/set1/, p/set1/001.txt, 001.txt",
        "p/set1/, p/set1/102.txt, 102.txt",
        "p/set2/, p/set2/nested/301.txt, nested/301.txt",
        "p/set1/*, p/set1/001.txt, 001.txt",
        "p/set1/00*, p/set1/001.txt, 001.txt",
        "p/set1/00*, p/set1/002.txt, 002.txt",
        "p/set*, p/set1/001.txt, set1/001.txt",
        "p/set*, p/set2/nested/301.txt, set2/nested/301.txt",
        "'', p/set1/001.txt, p/set1/001.txt",
        "' p/set1/ ', p/set1/001.txt, 001.txt",
        "a/b/, other/x.txt, other/x.txt",
        "top.txt, top.txt, top.txt"
    })
    void localPath(String key, String object, String expected) {
        assertThat(S3LocalLayout.localPath(key, object)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "p/set1/, p/set1/",
        "p/set*, p/set",
        "' p/set1/* ', p/set1/",
        "p/**, p/*",
        "'', ''"
    })
    void listPrefix(String key, String expected) {
        assertThat(S3LocalLayout.listPrefix(key)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"p/set1/001.txt, true", "p/set1/, false", "p/set*, false", "'', false"})
    void isSingleObject(String key, boolean single) {
        assertThat(S3LocalLayout.isSingleObject(key)).isEqualTo(single);
    }

    @ParameterizedTest
    @CsvSource({
        "prefix/, prefix/a/b.txt, a/b.txt",
        "prefix, prefix/a.txt, a.txt",
        "prefix/user-, prefix/user-1.txt, 1.txt",
        "'', a/b.txt, a/b.txt",
        "x/, y/z.txt, y/z.txt"
    })
    void relativeKey(String key, String object, String expected) {
        assertThat(S3LocalLayout.relativeKey(key, object)).isEqualTo(expected);
    }
}
