package io.caravel.api.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostEnvResolverTest {
    private static final Map<String, String> HOST =
            Map.of(
                    "ALLOWED_VALUE",
                    "allowed",
                    "TEST_VAR",
                    "test",
                    "DENIED_VALUE",
                    "denied",
                    "MY_TEST_VARIABLE",
                    "leak",
                    "EMPTY_ALLOWED_X",
                    "");

    private final HostEnvResolver resolver =
            new HostEnvResolver(List.of("ALLOWED_*", "TEST_VAR", "EMPTY_*"), HOST::get);

    @Test
    void case91ResolvesAllowedHostVariables() {
        assertThat(resolver.resolve("A", "env:ALLOWED_VALUE")).isEqualTo("allowed");
        assertThat(resolver.resolve("B", "env:TEST_VAR")).isEqualTo("test");
        assertThat(resolver.resolve("C", "env:EMPTY_ALLOWED_X")).isEmpty();
    }

    @Test
    void literalsAreReturnedAsWritten() {
        assertThat(resolver.resolve("A", "plain")).isEqualTo("plain");
        assertThat(resolver.resolve("A", "other:DENIED_VALUE")).isEqualTo("other:DENIED_VALUE");
        assertThat(resolver.resolve("A", null)).isEmpty();
    }

    @Test
    void case91RefusesVariablesOutsideTheAllowList() {
        assertThatThrownBy(() -> resolver.resolve("A", "env:DENIED_VALUE"))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SPEC_INVALID))
                .hasMessageContaining("not in allowed")
                .hasMessageContaining("DENIED_VALUE");
    }

    @Test
    void entriesAreAnchoredGlobsNotRegularExpressions() {
        // Bacalhau's unanchored regex "TEST_VAR" would let this through.
        assertThatThrownBy(() -> resolver.resolve("A", "env:MY_TEST_VARIABLE"))
                .isInstanceOf(CaravelException.class)
                .hasMessageContaining("not in allowed");
        assertThatThrownBy(() -> resolver.resolve("A", "env:"))
                .isInstanceOf(CaravelException.class)
                .hasMessageContaining("not in allowed");
    }

    @Test
    void case91ReportsAllowedButMissingVariables() {
        assertThatThrownBy(() -> resolver.resolve("A", "env:ALLOWED_MISSING"))
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SPEC_INVALID))
                .hasMessageContaining("not found");
    }

    @Test
    void anEmptyAllowListAllowsNothing() {
        HostEnvResolver none = new HostEnvResolver(null, HOST::get);
        assertThatThrownBy(() -> none.resolve("A", "env:TEST_VAR"))
                .hasMessageContaining("not in allowed");
    }

    @ParameterizedTest(name = "glob {0} matches {1}: {2}")
    @CsvSource({
        "ALLOWED_*, ALLOWED_VALUE, true",
        "ALLOWED_*, ALLOWED_, true",
        "ALLOWED_*, MY_ALLOWED_X, false",
        "TEST_VAR, TEST_VAR, true",
        "TEST_VAR, TEST_VARIABLE, false",
        "TEST_VAR, test_var, false",
        "*, ANY, true",
        "A?C, ABC, true",
        "A?C, AC, false",
        "*_KEY, AWS_SECRET_KEY, true",
        "A*B*C, AXBYBZC, true",
        "A*B*C, AXBYBZ, false",
        "A.C, ABC, false",
        "**, '', true"
    })
    void globMatchesTheWholeName(String glob, String name, boolean matches) {
        assertThat(HostEnvResolver.globMatches(glob, name == null ? "" : name)).isEqualTo(matches);
    }
}
