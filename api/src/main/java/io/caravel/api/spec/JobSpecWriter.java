package io.caravel.api.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.caravel.api.model.Job;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes jobs in the canonical form: PascalCase JSON or YAML. {@link #toJson} is the job document
 * used as the Temporal payload; {@link #toSpecYaml}/{@link #toSpecJson} print a spec file that
 * {@code job run} accepts again.
 */
public final class JobSpecWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY_JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML =
            new ObjectMapper(
                    YAMLFactory.builder()
                            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                            .build());

    private JobSpecWriter() {}

    /** The job document, compact: every field, as Temporal payloads and the API carry it. */
    public static String toJson(Job job) {
        return write(JSON, JobEncoder.job(job, false));
    }

    /** The job document as a tree of maps and lists (for embedding in other documents). */
    public static Map<String, Object> toTree(Job job) {
        return JobEncoder.job(job, false);
    }

    /** A spec file in indented JSON. */
    public static String toSpecJson(Job job) {
        return write(PRETTY_JSON, JobEncoder.job(job, true));
    }

    /** A spec file in YAML. */
    public static String toSpecYaml(Job job) {
        return write(YAML, JobEncoder.job(job, true));
    }

    private static String write(ObjectMapper mapper, Object tree) {
        try {
            return mapper.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write a job: " + e.getOriginalMessage(), e);
        }
    }
}
