package io.caravel.api.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DomainsTest {

    @ParameterizedTest(name = "case 38: {0} is accepted")
    @ValueSource(
            strings = {
                "192.168.0.1",
                "0000:0000:0000:0000:0000:0000:0000:0001",
                "example.com",
                ".example.com",
                // Caravel additions: trimmed and lower-cased first, "*." wildcard, other IPv6
                // spellings.
                "EXAMPLE.COM",
                "Example.com",
                "  example.com ",
                "*.example.com",
                "sub.my-site.example.co.uk",
                "x1.io",
                "::1",
                "2001:db8::8a2e:370:7334",
                "::ffff:192.0.2.1",
                "fe80::",
                "1::",
                "10.0.0.255",
                "a-b-c.d-e.org"
            })
    void acceptsHostNamesWildcardsAndIpAddresses(String domain) {
        assertThat(Domains.check(domain)).isEmpty();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                // case 38 (Caravel refuses both; Bacalhau's unanchored regex accepts the first).
                Arguments.of("at@.walker", "label"),
                Arguments.of("192.168.0.1/32", "CIDR"),
                // Values Bacalhau accepts only because its pattern is unanchored.
                Arguments.of("my site.com", "spaces"),
                Arguments.of("foo.com:8080", "ports are not part of a domain"),
                Arguments.of("http://foo.com", "write the host only"),
                Arguments.of("foo.com/path", "without a path"),
                Arguments.of("localhost", "top-level domain"),
                Arguments.of("a.b", "two or more letters"),
                Arguments.of("example.c", "two or more letters"),
                Arguments.of("foo_bar.com", "label"),
                Arguments.of("-foo.com", "label"),
                Arguments.of("foo-.com", "label"),
                Arguments.of("foo..com", "label"),
                Arguments.of("..foo.com", "label"),
                Arguments.of("example.com.", "top-level domain"),
                Arguments.of("*", "'*'"),
                Arguments.of("api.*.com", "'*'"),
                Arguments.of("**.foo.com", "'*'"),
                Arguments.of("", "empty"),
                Arguments.of("   ", "empty"),
                Arguments.of("256.1.1.1", "IPv4"),
                Arguments.of("01.2.3.4", "IPv4"),
                Arguments.of("1:2:3", "IPv6"),
                Arguments.of("1::2::3", "IPv6"),
                Arguments.of("fe80::1%eth0", "IPv6"),
                Arguments.of("b\u00fccher.de", "xn--"));
    }

    @ParameterizedTest(name = "case 38: {0} is refused ({1})")
    @MethodSource("refused")
    void refusesWithAMessageNamingTheValueAndWhatIsAccepted(String domain, String hint) {
        assertThat(Domains.check(domain))
                .hasValueSatisfying(
                        message ->
                                assertThat(message)
                                        .startsWith(
                                                "invalid domain \""
                                                        + domain
                                                        + "\": expected a host name such as example.com, "
                                                        + "a wildcard such as .example.com, or an IP address")
                                        .contains(hint));
    }

    @Test
    void nullIsRefusedAsEmpty() {
        assertThat(Domains.check(null))
                .hasValueSatisfying(m -> assertThat(m).startsWith("invalid domain \"\""));
    }

    @ParameterizedTest(name = "normalize({0}) = {1}")
    @CsvSource({
        "' EXAMPLE.com ', example.com",
        "'TEST.com ', test.com",
        "*.Foo.com, .foo.com",
        ".foo.com, .foo.com"
    })
    void normalizeTrimsLowerCasesAndRewritesStarDot(String in, String out) {
        // Case 42: Bacalhau's Normalize lower-cases and trims each domain.
        assertThat(Domains.normalize(in)).isEqualTo(out);
    }

    @ParameterizedTest(name = "case 39: {0} matches {1}")
    @CsvSource({
        "foo.com, foo.com",
        ".foo.com, foo.com",
        "foo.com, .foo.com",
        "' .foo.com', .foo.com",
        "x.foo.com, .foo.com",
        "y.x.foo.com, .foo.com",
        "FOO.com, foo.COM",
        "*.foo.com, x.foo.com"
    })
    void compareIsZeroForEqualOrCoveredDomains(String a, String b) {
        assertThat(Domains.compare(a, b)).isZero();
        assertThat(Domains.compare(b, a)).isZero();
    }

    @ParameterizedTest(name = "case 40: {0} differs from {1}")
    @CsvSource({
        "x.foo.com, foo.com",
        "foo.com, x.foo.com",
        "bar.com, foo.com",
        ".bar.com, foo.com",
        ".bar.com, .foo.com",
        "bar.com, .foo.com",
        "zzz.com, foo.com",
        "aaa.com, foo.com",
        "bFoo.com, aFoo.com",
        "x-foo.com, .foo.com",
        "foo.com, .x.foo.com"
    })
    void compareIsNonZeroAndAntisymmetricOtherwise(String a, String b) {
        int forward = Domains.compare(a, b);
        assertThat(forward).isNotZero();
        assertThat(Domains.compare(b, a)).isEqualTo(-forward);
    }

    @Test
    void compareOrdersShorterDomainsFirstThenComponentsRightToLeft() {
        assertThat(Domains.compare("foo.com", "x.foo.com")).isNegative();
        assertThat(Domains.compare("aaa.com", "foo.com")).isNegative();
        assertThat(Domains.compare("zzz.com", "foo.com")).isPositive();
        assertThat(Domains.compare("a.org", "b.com")).isPositive();
    }

    static Stream<Arguments> domainSets() {
        return Stream.of(
                // case 41
                Arguments.of(List.of(), List.of()),
                Arguments.of(List.of("example.com"), List.of("example.com")),
                Arguments.of(
                        List.of("example.com", "test.com"), List.of("example.com", "test.com")),
                Arguments.of(List.of("y.foo.com", ".foo.com", "x.foo.com"), List.of(".foo.com")),
                // Caravel: the wildcard is kept over the bare domain (Bacalhau keeps foo.com).
                Arguments.of(List.of("foo.com", ".foo.com"), List.of(".foo.com")),
                Arguments.of(
                        List.of(".x.foo.com", "*.foo.com", "a.x.foo.com"), List.of(".foo.com")),
                Arguments.of(List.of("B.com", "b.com ", "a.com", ""), List.of("a.com", "b.com")),
                Arguments.of(
                        List.of("test.com", "example.com", "foo.example.com"),
                        List.of("example.com", "foo.example.com", "test.com")),
                Arguments.of(List.of("xfoo.com", ".foo.com"), List.of(".foo.com", "xfoo.com")));
    }

    @ParameterizedTest(name = "case 41: domainSet({0}) = {1}")
    @MethodSource("domainSets")
    void domainSetSortsAndRemovesDuplicatesAndCoveredDomains(List<String> in, List<String> out) {
        assertThat(Domains.domainSet(in)).containsExactlyElementsOf(out);
    }

    @Test
    void domainSetOfNullOrNullElements() {
        assertThat(Domains.domainSet(null)).isEmpty();
        assertThat(Domains.domainSet(Arrays.asList(null, "a.com"))).containsExactly("a.com");
    }

    @ParameterizedTest(name = "Docker: {0} allows {1}: {2}")
    @CsvSource({
        "example.com, example.com, true",
        "example.com, EXAMPLE.com:443, true",
        "example.com, api.example.com, false",
        ".example.com, example.com, true",
        ".example.com, api.example.com, true",
        ".example.com, a.b.example.com, true",
        "*.example.com, api.example.com, true",
        ".example.com, badexample.com, false",
        ".example.com, com, false",
        "example.com, test.com, false",
        "192.168.0.1, 192.168.0.1:80, true",
        "0000:0000:0000:0000:0000:0000:0000:0001, [::1]:8080, true",
        "::1, ::1, true",
        "::ffff:10.0.0.1, 10.0.0.1, true",
        "'', example.com, false",
        "example.com, '', false",
        "., example.com, false"
    })
    void allowsFollowsSquidDstdomain(String pattern, String host, boolean allowed) {
        assertThat(Domains.allows(pattern, host)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "case 44: WASM {0} allows {1}: {2}")
    @CsvSource({
        "example.com, example.com, true",
        "example.com, example.com:8080, true",
        "*.example.com, api.example.com, true",
        "api.*, api.example.com, true",
        "api.*.com, api.test.com, true",
        "example.com, test.com, false",
        "*, anything.com, true",
        // Beyond the Bacalhau table: a leading dot is not a wildcard in WASM; only the first *
        // counts.
        ".example.com, api.example.com, false",
        "*.example.com, example.com, false",
        "ab*ba, aba, false",
        "a*b*c, axb*c, true",
        "a*b*c, axbyc, false",
        "Example.COM, example.com, true",
        "'', x.com, false"
    })
    void wasmAllowsUsesTheGlobRule(String pattern, String host, boolean allowed) {
        assertThat(Domains.wasmAllows(pattern, host)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "case 45: WASM HTTP mode {0} allows {1}: {2}")
    @CsvSource(
            delimiter = ';',
            value = {
                "example.com; example.com; true",
                "example.com; test.com; false",
                "*.example.com; api.example.com; true",
                "example.com,*.test.com; a.test.com; true",
                "; example.com; false"
            })
    void wasmHttpModeAllowsAHostWhenAnyDomainMatches(String domains, String host, boolean allowed) {
        List<String> list = domains == null ? List.of() : List.of(domains.split(","));
        assertThat(list.stream().anyMatch(d -> Domains.wasmAllows(d, host))).isEqualTo(allowed);
    }
}
