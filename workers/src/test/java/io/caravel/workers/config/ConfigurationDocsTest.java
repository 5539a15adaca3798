package io.caravel.workers.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps {@code docs/configuration.md} in step with {@link ConfigKey}. */
class ConfigurationDocsTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    private static String cell(String text) {
        return text.isEmpty()
                ? ""
                : text.equals("detected") || text.startsWith("host name") ? text : "`" + text + "`";
    }

    @Test
    void everyKeyHasItsRowWithVariableFlagAndDefault() throws IOException {
        List<String> rows =
                Files.readAllLines(DOC).stream().filter(l -> l.startsWith("| `")).toList();

        assertThat(rows).hasSize(ConfigKey.values().length);
        for (ConfigKey key : ConfigKey.values()) {
            String prefix =
                    "| `"
                            + key.key()
                            + "` | "
                            + key.kind()
                            + " | `"
                            + key.envVar()
                            + "` | `"
                            + key.flag()
                            + "` | "
                            + cell(key.defaultText())
                            + (key.defaultText().isEmpty() ? "| " : " | ");
            assertThat(rows).as(key.key()).anySatisfy(row -> assertThat(row).startsWith(prefix));
        }
        assertThat(rows.stream().map(r -> r.split("`")[1]).toList())
                .containsExactlyElementsOf(
                        Arrays.stream(ConfigKey.values()).map(ConfigKey::key).toList());
    }
}
