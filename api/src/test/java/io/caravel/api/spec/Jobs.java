package io.caravel.api.spec;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.Problem;
import io.caravel.api.model.Job;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import java.util.List;
import java.util.stream.Collectors;

/** Small builders and helpers shared by the spec tests. */
final class Jobs {
    private Jobs() {}

    static Task noopTask() {
        return Task.builder().name("main").engine(SpecConfig.of("noop")).build();
    }

    static Job.Builder job(String type) {
        return Job.builder()
                .id("j-1")
                .name("test")
                .namespace("default")
                .type(type)
                .count(1)
                .task(noopTask());
    }

    static String messages(List<Problem> problems) {
        return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }

    static String messages(CaravelException e) {
        return messages(e.problems());
    }
}
