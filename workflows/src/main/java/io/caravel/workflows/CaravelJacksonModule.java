package io.caravel.workflows;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.caravel.api.model.Job;
import io.caravel.api.spec.JobSpecReader;
import io.caravel.api.spec.JobSpecWriter;
import java.io.IOException;

/**
 * Writes and reads {@link Job} through the api module's codec, so a job in any payload has the one
 * canonical Bacalhau shape.
 */
public final class CaravelJacksonModule extends SimpleModule {
    private static final long serialVersionUID = 1L;
    private static final JobSpecReader READER = new JobSpecReader();

    public CaravelJacksonModule() {
        super("caravel");
        addSerializer(
                Job.class,
                new JsonSerializer<>() {
                    @Override
                    public void serialize(Job job, JsonGenerator gen, SerializerProvider provider)
                            throws IOException {
                        gen.writeObject(JobSpecWriter.toTree(job));
                    }
                });
        addDeserializer(
                Job.class,
                new JsonDeserializer<>() {
                    @Override
                    public Job deserialize(JsonParser p, DeserializationContext ctx)
                            throws IOException {
                        return READER.readTree(p.readValueAs(Object.class), false).job();
                    }
                });
    }
}
