package io.caravel.api.cli;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.caravel.api.errors.CaravelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every parser, fed short strings built from its grammar's characters, either returns or throws a
 * CaravelException: no other exception escapes. The seed is fixed, so the inputs are too.
 */
class MalformedInputTest {
    private static final String ALPHABET = "ab1/:=,\"()!<>-._ \n🐟";
    private static final String[] PIECES = {
        "ipfs://",
        "s3://",
        "file://",
        "https://",
        "src=",
        "dst=",
        "opt=",
        "option=",
        "in",
        "notin",
        "rw=",
        "target=",
        "noop",
        "s3"
    };

    static Stream<Arguments> parsers() {
        return Stream.of(
                Arguments.of("input", (Consumer<String>) InputUriParser::parse),
                Arguments.of("publisher", (Consumer<String>) PublisherUriParser::parse),
                Arguments.of("output", (Consumer<String>) OutputVolumeParser::parse),
                Arguments.of("labels", (Consumer<String>) v -> LabelsParser.parse(List.of(v))),
                Arguments.of("constraints", (Consumer<String>) ConstraintsParser::parse),
                Arguments.of("target", (Consumer<String>) JobFlags::jobTypeForTarget),
                Arguments.of("network", (Consumer<String>) v -> JobFlags.networkFor(v, List.of(v))),
                Arguments.of("env", (Consumer<String>) v -> JobFlags.parseEnv(List.of(v))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsers")
    void onlyCaravelExceptionsEscape(String name, Consumer<String> parser) {
        for (String input : inputs(name.hashCode())) {
            assertThatCode(
                            () -> {
                                try {
                                    parser.accept(input);
                                } catch (CaravelException expected) {
                                    // A refusal is a fine outcome; anything else fails the test.
                                }
                            })
                    .as("input %s", input)
                    .doesNotThrowAnyException();
        }
    }

    private static List<String> inputs(long seed) {
        Random random = new Random(seed);
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder s = new StringBuilder();
            int parts = random.nextInt(8);
            for (int p = 0; p < parts; p++) {
                if (random.nextInt(3) == 0) {
                    s.append(PIECES[random.nextInt(PIECES.length)]);
                } else {
                    s.appendCodePoint(
                            ALPHABET.codePointAt(
                                    ALPHABET.offsetByCodePoints(
                                            0,
                                            random.nextInt(
                                                    ALPHABET.codePointCount(
                                                            0, ALPHABET.length())))));
                }
            }
            inputs.add(s.toString());
        }
        return inputs;
    }
}
