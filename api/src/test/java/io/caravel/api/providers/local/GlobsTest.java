package io.caravel.api.providers.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GlobsTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/data/* | /data/a.txt | true",
                "/data/* | /data/.hidden | true",
                "/data/* | /data/sub/a.txt | false",
                "/data/* | /data | false",
                "/data | /data | true",
                "/data | /data/a | false",
                "/data/** | /data/sub/deep/a.txt | true",
                "/data/** | /data | true",
                "/data/** | /database | false",
                "/data/**/x.txt | /data/x.txt | true",
                "/data/**/x.txt | /data/a/b/x.txt | true",
                "/data/**/x.txt | /data/a/b/y.txt | false",
                "** | /anything/at/all | true",
                "**/x.txt | /a/x.txt | true",
                "/data/a**b | /data/aXXb | true",
                "/data/a**b | /data/a/b | false",
                "/data/file?.txt | /data/file1.txt | true",
                "/data/file?.txt | /data/file10.txt | false",
                "/data/? | /data// | false",
                "/data/file[0-9] | /data/file7 | true",
                "/data/file[0-9] | /data/filex | false",
                "/data/file[!0-9] | /data/filex | true",
                "/data/file[^0-9] | /data/file7 | false",
                "/data/[!a] | /data// | false",
                "/data/[a-] | /data/- | true",
                "/data/{in,out}/* | /data/out/f | true",
                "/data/{in,out}/* | /data/tmp/f | false",
                "/data/{in/**,out} | /data/in/a/b | true",
                "/data/{a,b{c,d}} | /data/bd | true",
                "/data/a\\*b | /data/a*b | true",
                "/data/a\\*b | /data/axb | false",
                "/data/a.b+(c)$ | /data/a.b+(c)$ | true",
                "/data/a.b | /data/aXb | false",
                "/data/a\\,b | /data/a,b | true",
                "/data/a,b | /data/a,b | true"
            })
    void matches(String glob, String path, boolean expected) {
        assertThat(Globs.compile(glob).matcher(path).matches()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/data/[abc",
                "/data/{a,b",
                "/data/a}",
                "/data/[]",
                "/data/[z-a]",
                "/data/\\"
            })
    void badGlobs(String glob) {
        assertThatThrownBy(() -> Globs.compile(glob)).isInstanceOf(IllegalArgumentException.class);
    }
}
