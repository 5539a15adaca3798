package io.caravel.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.caravel.workflows.CaravelDataConverter;
import java.io.UncheckedIOException;

/**
 * {@code --output}: a table for people, JSON or YAML (through Caravel's own mapper) for programs.
 */
public enum OutputFormat {
    table,
    json,
    yaml;

    /** Built on first use: every command parses {@code --output}, few write YAML. */
    private static final class Yaml {
        static final YAMLMapper MAPPER =
                YAMLMapper.builder()
                        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                        .build();
    }

    /**
     * {@code value} as JSON (pretty) or YAML, ending with a line break. The record is written with
     * {@link CaravelDataConverter#mapper()} first, so both formats use the same field names.
     */
    public static String structured(OutputFormat format, Object value) {
        ObjectMapper mapper = CaravelDataConverter.mapper();
        try {
            JsonNode tree = mapper.valueToTree(value);
            if (format == yaml) {
                return Yaml.MAPPER.writeValueAsString(tree);
            }
            return mapper.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree)
                    + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
