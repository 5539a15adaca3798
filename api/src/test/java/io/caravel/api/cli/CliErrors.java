package io.caravel.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts that a parser refuses a value with a BAD_ARGUMENT error naming the flag. */
final class CliErrors {
    private CliErrors() {}

    static CaravelException assertBadArgument(
            ThrowingCallable call, String flag, String... fragments) {
        CaravelException[] caught = new CaravelException[1];
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        CaravelException.class,
                        e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.BAD_ARGUMENT);
                            assertThat(e.getMessage()).startsWith(flag + ": ");
                            for (String fragment : fragments) {
                                assertThat(e.getMessage()).contains(fragment);
                            }
                            assertThat(e.hint()).isNotBlank();
                            caught[0] = e;
                        });
        return caught[0];
    }
}
