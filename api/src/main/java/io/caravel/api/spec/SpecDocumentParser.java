package io.caravel.api.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.Problem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns the bytes of a spec document (YAML 1.1 as Bacalhau's CLI reads it, or JSON) into a tree of
 * plain values: {@code Map<String,Object>}, {@code List<Object>}, String, Long, Double, BigInteger,
 * Boolean and null. Every limit of {@link SpecLimits} is enforced here, and every failure of the
 * underlying parsers becomes a {@link CaravelException} with code SPEC_UNREADABLE.
 */
final class SpecDocumentParser {
    private final SpecLimits limits;
    private final ObjectMapper json;

    SpecDocumentParser(SpecLimits limits) {
        this.limits = limits;
        JsonFactory factory =
                JsonFactory.builder()
                        .streamReadConstraints(
                                StreamReadConstraints.builder()
                                        .maxNestingDepth(limits.maxNestingDepth())
                                        .maxDocumentLength(limits.maxDocumentBytes())
                                        .maxStringLength(limits.maxDocumentBytes())
                                        .maxNumberLength(100)
                                        .build())
                        .build();
        this.json =
                new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Parses one document; YAML unless its first significant character opens a JSON object or list.
     */
    Object parse(byte[] content) {
        if (content.length > limits.maxDocumentBytes()) {
            throw unreadable(
                    "the spec is "
                            + content.length
                            + " bytes, above the limit of "
                            + limits.maxDocumentBytes()
                            + " bytes; move large data to an input source",
                    null);
        }
        String text = decodeUtf8(content);
        if (text.isBlank()) {
            throw unreadable("the job provided is invalid: no content provided", null);
        }
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("\uFEFF")) {
            trimmed = trimmed.substring(1).stripLeading();
        }
        Object tree =
                trimmed.startsWith("{") || trimmed.startsWith("[")
                        ? parseJson(trimmed)
                        : parseYaml(text);
        if (tree == null) {
            throw unreadable("the job provided is invalid: no content provided", null);
        }
        return copyBounded(tree);
    }

    private static String decodeUtf8(byte[] content) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw unreadable("the spec is not valid UTF-8 text", e);
        }
    }

    private Object parseJson(String text) {
        try {
            return json.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw unreadable("invalid JSON: " + e.getOriginalMessage() + locationOf(e), e);
        } catch (RuntimeException e) {
            throw unreadable("invalid JSON: " + e.getMessage(), e);
        }
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line "
                        + e.getLocation().getLineNr()
                        + ", column "
                        + e.getLocation().getColumnNr()
                        + ")";
    }

    private Object parseYaml(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(limits.maxYamlAliases());
        options.setNestingDepthLimit(limits.maxNestingDepth());
        options.setCodePointLimit(limits.maxDocumentBytes());
        options.setAllowDuplicateKeys(true);
        options.setAllowRecursiveKeys(false);
        DumperOptions dumper = new DumperOptions();
        Yaml yaml =
                new Yaml(
                        new SafeConstructor(options),
                        new Representer(dumper),
                        dumper,
                        options,
                        new NoTimestampResolver());
        try {
            return yaml.load(text);
        } catch (StackOverflowError e) {
            throw unreadable(
                    "the YAML nests too deeply (limit " + limits.maxNestingDepth() + ")", null);
        } catch (RuntimeException e) {
            throw unreadable("invalid YAML: " + firstLines(e.getMessage()), e);
        }
    }

    private static String firstLines(String message) {
        if (message == null) {
            return "unreadable document";
        }
        String oneLine = message.replace('\n', ' ').replaceAll("\\s+", " ").trim();
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }

    /**
     * Copies the parsed tree into fresh collections with string keys, counting every value so that
     * YAML aliases cannot expand into more than {@link SpecLimits#maxValues()} values.
     */
    private Object copyBounded(Object root) {
        int[] budget = {limits.maxValues()};
        return copy(root, budget, 0, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private Object copy(Object value, int[] budget, int depth, Set<Object> onPath) {
        if (--budget[0] < 0) {
            throw unreadable(
                    "the spec expands to more than "
                            + limits.maxValues()
                            + " values (YAML aliases?); write the data out or move it to an input source",
                    null);
        }
        if (depth > limits.maxNestingDepth()) {
            throw unreadable(
                    "the spec nests deeper than " + limits.maxNestingDepth() + " levels", null);
        }
        if (value instanceof Map<?, ?> map) {
            enter(value, onPath);
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(keyText(e.getKey()), copy(e.getValue(), budget, depth + 1, onPath));
            }
            onPath.remove(value);
            return out;
        }
        if (value instanceof Collection<?> list) {
            enter(value, onPath);
            List<Object> out = new ArrayList<>(list.size());
            for (Object e : list) {
                out.add(copy(e, budget, depth + 1, onPath));
            }
            onPath.remove(value);
            return out;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return finite(f.doubleValue());
        }
        if (value instanceof java.math.BigDecimal d) {
            return finite(d.doubleValue());
        }
        if (value instanceof Double d) {
            return finite(d);
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value == null
                || value instanceof String
                || value instanceof Boolean
                || value instanceof Long
                || value instanceof Double
                || value instanceof java.math.BigInteger) {
            return value;
        }
        return String.valueOf(value);
    }

    /** JSON has no infinities or NaN, so a spec holding one could not be passed on. */
    private static Double finite(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw unreadable(
                    "the number " + d + " cannot be used in a job spec; write it as a string",
                    null);
        }
        return d;
    }

    private static void enter(Object container, Set<Object> onPath) {
        if (!onPath.add(container)) {
            throw unreadable(
                    "the YAML refers to itself through an alias; specs must be trees", null);
        }
    }

    private static String keyText(Object key) {
        if (key instanceof Map || key instanceof Collection) {
            throw unreadable("a mapping key must be a plain value, not a mapping or list", null);
        }
        return String.valueOf(key);
    }

    private static CaravelException unreadable(String message, Throwable cause) {
        return CaravelException.unreadable(List.of(new Problem("", message)), cause);
    }

    /**
     * YAML 1.1 implicit types as go-yaml v2 resolves them (booleans such as yes/no/on/off, ints,
     * floats, null, merge keys) but without timestamps: a date in a spec stays the text written.
     */
    private static final class NoTimestampResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.MERGE, MERGE, "<");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }
}
