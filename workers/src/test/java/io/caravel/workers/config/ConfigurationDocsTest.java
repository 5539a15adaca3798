package io.caravel.workers.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.caravel.activities.settings.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/configuration.md} in step with the declared keys ({@link WorkerSettings}): one
 * table per section, under a {@code ### SECTION} heading of "Keys", in declaration order, each row
 * giving the key's kind, environment variable, flag and default.
 */
class ConfigurationDocsTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    private static String cell(String text) {
        return text.isEmpty()
                ? ""
                : text.equals("detected") || text.startsWith("host name") ? text : "`" + text + "`";
    }

    /** The rows of the key tables, by the {@code ###} heading above them. */
    private static Map<String, List<String>> rowsBySection() throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String section = null;
        for (String line : Files.readAllLines(DOC)) {
            if (line.startsWith("## ")) {
                section = null;
            } else if (line.startsWith("### ")) {
                section = line.substring(4).strip();
            } else if (line.startsWith("| `")) {
                assertThat(section).as("the section of the row " + line).isNotNull();
                out.computeIfAbsent(section, s -> new ArrayList<>()).add(line);
            }
        }
        return out;
    }

    @Test
    void everyKeyHasItsRowWithVariableFlagAndDefaultInItsSection() throws IOException {
        Map<String, List<String>> doc = rowsBySection();

        assertThat(doc.keySet()).containsExactlyElementsOf(WorkerSettings.sections());
        for (String section : WorkerSettings.sections()) {
            List<Setting<?>> keys =
                    WorkerSettings.all().stream().filter(k -> k.section().equals(section)).toList();
            List<String> rows = doc.get(section);
            assertThat(rows.stream().map(r -> r.split("`")[1]).toList())
                    .as(section)
                    .containsExactlyElementsOf(keys.stream().map(Setting::key).toList());
            for (int i = 0; i < keys.size(); i++) {
                Setting<?> key = keys.get(i);
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
                assertThat(rows.get(i)).as(key.key()).startsWith(prefix);
            }
        }
    }
}
