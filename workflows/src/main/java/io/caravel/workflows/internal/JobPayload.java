package io.caravel.workflows.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.google.protobuf.ByteString;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.spec.SpecLimits;
import io.caravel.workflows.CaravelDataConverter;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.common.converter.RawValue;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads {@code JobWorkflow}'s input as it arrived (the raw Temporal payload) into a JSON object, or
 * refuses it with a non-retryable {@code SPEC_UNREADABLE} failure saying what was received and what
 * is accepted. Reading is bounded whatever the payload holds: at most {@link #MAX_BYTES} bytes,
 * {@link #MAX_DEPTH} levels of nested objects and lists, numbers of at most {@link
 * #MAX_NUMBER_DIGITS} digits. Pure, so it is safe in workflow code.
 */
public final class JobPayload {
    /**
     * The largest input read: 1 MiB, as for spec files (Temporal itself refuses payloads over 2
     * MB).
     */
    public static final int MAX_BYTES = SpecLimits.DEFAULT.maxDocumentBytes();

    /** The deepest nesting of objects and lists read, as for spec files. */
    public static final int MAX_DEPTH = SpecLimits.DEFAULT.maxNestingDepth();

    public static final int MAX_NUMBER_DIGITS = 100;

    static final String ACCEPTED =
            "JobWorkflow accepts a Bacalhau job as a JSON object, such as "
                    + "{\"Type\": \"batch\", \"Tasks\": [{\"Name\": \"main\", \"Engine\": {...}}]}, "
                    + "or the Bacalhau API's {\"Job\": {...}} wrapper";
    private static final String JSON = "json/plain";
    private static final String NULL = "binary/null";
    private static final int EXCERPT_CHARS = 60;
    private static final JsonFactory FACTORY =
            JsonFactory.builder()
                    .streamReadConstraints(
                            StreamReadConstraints.builder()
                                    .maxNestingDepth(MAX_DEPTH)
                                    .maxDocumentLength(MAX_BYTES)
                                    .maxStringLength(MAX_BYTES)
                                    .maxNumberLength(MAX_NUMBER_DIGITS)
                                    .build())
                    .build();

    private JobPayload() {}

    /**
     * The JSON object in {@code input}, with the value types of Caravel's data converter (whole
     * numbers as Long).
     *
     * @param input the workflow's raw input; null when the workflow was started without one
     * @throws ApplicationFailure non-retryable, type {@code SPEC_UNREADABLE}
     */
    public static Map<String, Object> read(RawValue input) {
        return read(input == null ? null : input.getPayload());
    }

    static Map<String, Object> read(Payload payload) {
        if (payload == null) {
            throw unreadable("the workflow was started without an input");
        }
        String encoding =
                payload.getMetadataOrDefault(EncodingKeys.METADATA_ENCODING_KEY, ByteString.EMPTY)
                        .toStringUtf8();
        if (NULL.equals(encoding)) {
            throw unreadable("the workflow input is null");
        }
        if (!JSON.equals(encoding)) {
            throw unreadable(
                    "the workflow input has encoding "
                            + (encoding.isEmpty() ? "(none)" : encoding)
                            + ", not "
                            + JSON);
        }
        if (payload.getData().size() > MAX_BYTES) {
            throw unreadable(
                    "the workflow input is "
                            + payload.getData().size()
                            + " bytes, above the limit of "
                            + MAX_BYTES
                            + " bytes (1 MiB); move large data such as inline inputs to a URL or S3 input source");
        }
        return parse(payload.getData().toByteArray());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(byte[] data) {
        try (JsonParser parser = FACTORY.createParser(data)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw unreadable("the workflow input is " + kind(first) + excerpt(data));
            }
            Object tree = CaravelDataConverter.mapper().readValue(parser, Object.class);
            if (parser.nextToken() != null) {
                throw unreadable(
                        "the workflow input has more after its JSON object" + location(parser));
            }
            return (Map<String, Object>) tree;
        } catch (StreamConstraintsException e) {
            throw unreadable(limit(e));
        } catch (InputCoercionException e) {
            throw unreadable(
                    "the workflow input holds a number out of range: "
                            + e.getOriginalMessage()
                            + "; write it as a string");
        } catch (JsonProcessingException e) {
            throw unreadable(
                    "the workflow input is not valid JSON: "
                            + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " (line "
                                            + e.getLocation().getLineNr()
                                            + ", column "
                                            + e.getLocation().getColumnNr()
                                            + ")"));
        } catch (IOException e) {
            throw unreadable("the workflow input could not be read: " + e.getMessage());
        }
    }

    private static String limit(StreamConstraintsException e) {
        String text = String.valueOf(e.getOriginalMessage());
        if (text.contains("nesting depth")) {
            return "the workflow input nests objects and lists deeper than the limit of "
                    + MAX_DEPTH
                    + " levels";
        }
        if (text.contains("Number value length")) {
            return "the workflow input holds a number longer than the limit of "
                    + MAX_NUMBER_DIGITS
                    + " digits";
        }
        return "the workflow input is above a reading limit ("
                + MAX_BYTES
                + " bytes, "
                + MAX_DEPTH
                + " levels of nesting): "
                + text;
    }

    private static String kind(JsonToken first) {
        if (first == null) {
            return "empty";
        }
        return switch (first) {
            case START_ARRAY -> "a JSON array";
            case VALUE_STRING -> "a JSON string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a JSON number";
            case VALUE_TRUE, VALUE_FALSE -> "a JSON boolean";
            case VALUE_NULL -> "JSON null";
            default -> "not a JSON object";
        };
    }

    /** The start of what was received, on one line: {@code : "garbage"}. */
    private static String excerpt(byte[] data) {
        String text =
                new String(
                                data,
                                0,
                                Math.min(data.length, EXCERPT_CHARS * 4),
                                StandardCharsets.UTF_8)
                        .strip();
        if (text.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        text.codePoints()
                .limit(EXCERPT_CHARS)
                .forEach(
                        c -> {
                            if (c < 0x20 || c == 0x7f) {
                                out.append(' ');
                            } else {
                                out.appendCodePoint(c);
                            }
                        });
        boolean cut =
                text.codePointCount(0, text.length()) > EXCERPT_CHARS
                        || data.length > EXCERPT_CHARS * 4;
        return ": " + out + (cut ? "..." : "");
    }

    private static String location(JsonParser parser) {
        var at = parser.currentLocation();
        return at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static ApplicationFailure unreadable(String what) {
        return ApplicationFailure.newNonRetryableFailure(
                "the job spec could not be read: " + what + "; " + ACCEPTED,
                ErrorCode.SPEC_UNREADABLE.name());
    }
}
