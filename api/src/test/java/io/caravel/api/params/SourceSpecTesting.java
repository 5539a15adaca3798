package io.caravel.api.params;

import io.caravel.api.errors.Problem;
import io.caravel.api.errors.Problems;
import java.util.List;
import java.util.stream.Collectors;

/** Shared helpers for the source-view tests. */
public final class SourceSpecTesting {
    public static final String SOURCE = "Tasks[0].InputSources[1].Source";

    private SourceSpecTesting() {}

    /** A collector pointing at an input source, as the job validator would pass it. */
    public static Problems atSource() {
        return new Problems().at("Tasks").index(0).at("InputSources").index(1).at("Source");
    }

    /** The problems as {@code path: message} lines. */
    public static List<String> lines(Problems problems) {
        return problems.list().stream().map(Problem::toString).collect(Collectors.toList());
    }
}
