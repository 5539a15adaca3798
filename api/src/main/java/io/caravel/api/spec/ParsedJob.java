package io.caravel.api.spec;

import io.caravel.api.model.Job;
import java.util.List;

/** A job as read from a document, with warnings about what was ignored or changed. */
public record ParsedJob(Job job, List<String> warnings) {
    public ParsedJob {
        warnings = List.copyOf(warnings);
    }
}
