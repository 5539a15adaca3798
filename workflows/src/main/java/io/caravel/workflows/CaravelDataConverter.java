package io.caravel.workflows;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

/**
 * The one DataConverter of Caravel, used by workers, clients, tests and replay: JSON with
 * PascalCase keys (Bacalhau's shape), keys read in any case, unknown keys ignored.
 */
public final class CaravelDataConverter {
    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .addModule(new CaravelJacksonModule())
                    .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
                    .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    // The job decoder reads whole numbers as Long, as the spec parser produces
                    // them.
                    .enable(DeserializationFeature.USE_LONG_FOR_INTS)
                    .build();
    private static final DataConverter CONVERTER =
            DefaultDataConverter.newDefaultInstance()
                    .withPayloadConverterOverrides(new JacksonJsonPayloadConverter(MAPPER));

    private CaravelDataConverter() {}

    public static DataConverter get() {
        return CONVERTER;
    }

    /** The mapper behind the converter, for code that writes the same JSON (the CLI, tests). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
