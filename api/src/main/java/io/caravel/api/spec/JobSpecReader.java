package io.caravel.api.spec;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.Problems;
import io.caravel.api.model.Job;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads Bacalhau jobs from YAML or JSON. Reading only decodes: see {@link JobSpecs} for the whole
 * pipeline (sanitise, normalise, validate).
 *
 * <p>Two forms are read. A <em>spec file</em> (what {@code job run} takes) applies Bacalhau's
 * top-level allow-list and refuses server-managed fields such as {@code ID} and {@code State}. A
 * <em>job document</em> (the API and Temporal payload form) accepts every job field.
 */
public final class JobSpecReader {
    private final SpecDocumentParser parser;

    public JobSpecReader(SpecLimits limits) {
        this.parser = new SpecDocumentParser(limits);
    }

    public JobSpecReader() {
        this(SpecLimits.DEFAULT);
    }

    /**
     * Reads a spec file.
     *
     * @throws CaravelException SPEC_UNREADABLE when the bytes are not one YAML/JSON document within
     *     the limits; SPEC_INVALID listing every refused key and wrongly typed field
     */
    public ParsedJob readSpecFile(byte[] content) {
        return decode(parser.parse(content), true);
    }

    /** Reads a spec file given as text; see {@link #readSpecFile(byte[])}. */
    public ParsedJob readSpecFile(String content) {
        return readSpecFile(content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a job document (every field accepted).
     *
     * @throws CaravelException as {@link #readSpecFile(byte[])}, without the allow-list
     */
    public ParsedJob readJobDocument(byte[] content) {
        return decode(parser.parse(content), false);
    }

    public ParsedJob readJobDocument(String content) {
        return readJobDocument(content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes an already parsed tree (maps, lists, strings, numbers, booleans, null), as a Jackson
     * deserializer hands it over.
     */
    public ParsedJob readTree(Object tree, boolean specFile) {
        return decode(tree, specFile);
    }

    private static ParsedJob decode(Object tree, boolean specFile) {
        Problems problems = new Problems();
        List<String> warnings = new ArrayList<>();
        if (specFile && tree instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> job = (Map<String, Object>) map;
            SpecFileKeys.check(job, problems);
        }
        Job job = new JobDecoder(problems, warnings, !specFile).job(tree);
        problems.throwIfInvalid();
        return new ParsedJob(job, warnings);
    }
}
