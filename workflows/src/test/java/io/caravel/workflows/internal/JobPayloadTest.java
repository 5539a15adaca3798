package io.caravel.workflows.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.caravel.workflows.CaravelDataConverter;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.common.converter.RawValue;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobPayloadTest {
    static Payload json(String text) {
        return payload("json/plain", text.getBytes(StandardCharsets.UTF_8));
    }

    static Payload payload(String encoding, byte[] data) {
        return Payload.newBuilder()
                .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, ByteString.copyFromUtf8(encoding))
                .setData(ByteString.copyFrom(data))
                .build();
    }

    /** {"a": {"a": ... 1 ...}} nested {@code depth} objects deep. */
    static String nested(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    private static ApplicationFailure refusal(Payload payload) {
        try {
            JobPayload.read(payload);
        } catch (ApplicationFailure f) {
            assertThat(f.getType()).isEqualTo("SPEC_UNREADABLE");
            assertThat(f.isNonRetryable()).isTrue();
            assertThat(f.getOriginalMessage())
                    .startsWith("the job spec could not be read: ")
                    .endsWith(JobPayload.ACCEPTED);
            return f;
        }
        throw new AssertionError("the payload was accepted");
    }

    @Test
    void readsAJsonObjectAsTheDataConverterWould() {
        Map<String, Object> read =
                JobPayload.read(
                        json(
                                """
                {"Type": "batch", "Count": 2, "Big": 1e300, "Ratio": 0.5,
                 "Tasks": [{"Name": "main"}], "Meta": null}"""));
        assertThat(read)
                .containsEntry("Type", "batch")
                .containsEntry("Count", 2L)
                .containsEntry("Ratio", 0.5)
                .containsEntry("Big", 1e300)
                .containsEntry("Tasks", List.of(Map.of("Name", "main")))
                .containsEntry("Meta", null);
        // The same payload the client's data converter writes for a map.
        Payload written = CaravelDataConverter.get().toPayload(Map.of("Count", 3L)).orElseThrow();
        assertThat(JobPayload.read(new RawValue(written))).isEqualTo(Map.of("Count", 3L));
    }

    @Test
    void aValueThatIsNotAnObjectIsNamedWithWhatWasReceived() {
        assertThat(refusal(json("\"garbage\"")).getOriginalMessage())
                .contains(
                        "the workflow input is a JSON string: \"garbage\"; "
                                + "JobWorkflow accepts a Bacalhau job as a JSON object");
        assertThat(refusal(json("[1,2,3]")).getOriginalMessage())
                .contains("a JSON array: [1,2,3];");
        assertThat(refusal(json(" 42 ")).getOriginalMessage()).contains("a JSON number: 42;");
        assertThat(refusal(json("true")).getOriginalMessage()).contains("a JSON boolean: true;");
        assertThat(refusal(json("null")).getOriginalMessage())
                .contains("the workflow input is JSON null: null;");
        assertThat(refusal(json("")).getOriginalMessage()).contains("the workflow input is empty;");
        assertThat(refusal(json("\"" + "x".repeat(500) + "\"")).getOriginalMessage())
                .contains("a JSON string: \"" + "x".repeat(59) + "...;");
    }

    @Test
    void aMissingNullOrNonJsonPayloadIsRefused() {
        assertThat(refusal(null).getOriginalMessage()).contains("started without an input");
        assertThat(refusal(payload("binary/null", new byte[0])).getOriginalMessage())
                .contains("the workflow input is null");
        assertThat(refusal(payload("binary/plain", new byte[] {1, 2})).getOriginalMessage())
                .contains("has encoding binary/plain, not json/plain");
        assertThat(
                        refusal(Payload.newBuilder().setData(ByteString.copyFromUtf8("{}")).build())
                                .getOriginalMessage())
                .contains("has encoding (none)");
    }

    @Test
    void invalidJsonIsRefusedWithWhereItBroke() {
        assertThat(refusal(json("{\"Type\": batch}")).getOriginalMessage())
                .contains("not valid JSON: ", "(line 1, column");
        assertThat(refusal(json("{} {}")).getOriginalMessage())
                .contains("more after its JSON object");
        assertThat(
                        refusal(
                                        payload(
                                                "json/plain",
                                                new byte[] {
                                                    '{', '"', (byte) 0xff, '"', ':', '1', '}'
                                                }))
                                .getOriginalMessage())
                .contains("not valid JSON");
    }

    @Test
    void hugeAndDeepInputsFailOnANamedLimit() {
        String huge = "{\"Pad\": \"" + "x".repeat(JobPayload.MAX_BYTES) + "\"}";
        assertThat(refusal(json(huge)).getOriginalMessage())
                .contains(
                        "is " + huge.length() + " bytes, above the limit of 1048576 bytes (1 MiB)");
        assertThat(JobPayload.read(json(nested(JobPayload.MAX_DEPTH)))).containsKey("a");
        assertThat(refusal(json(nested(JobPayload.MAX_DEPTH + 1))).getOriginalMessage())
                .contains("nests objects and lists deeper than the limit of 64 levels");
        assertThat(refusal(json(nested(100_000))).getOriginalMessage())
                .contains("deeper than the limit of 64 levels");
        assertThat(refusal(json("{\"N\": " + "9".repeat(101) + "}")).getOriginalMessage())
                .contains("a number longer than the limit of 100 digits");
        assertThat(refusal(json("{\"N\": 123456789012345678901234567890}")).getOriginalMessage())
                .contains(
                        "holds a number out of range: Numeric value (123456789012345678901234567890) out of range");
    }

    @Test
    void theLimitsAreThoseOfSpecFiles() {
        assertThat(JobPayload.MAX_BYTES).isEqualTo(1 << 20);
        assertThat(JobPayload.MAX_DEPTH).isEqualTo(64);
        assertThatThrownBy(() -> JobPayload.read((RawValue) null))
                .isInstanceOf(ApplicationFailure.class);
    }
}
