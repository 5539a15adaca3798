package io.caravel.activities;

import io.caravel.api.model.Job;
import io.caravel.api.model.ResourcesConfig;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import java.util.Map;

/** Jobs for the activity tests. */
public final class TestJobs {
    private TestJobs() {}

    public static Task.Builder noopTask(Map<String, ?> engineParams) {
        return Task.builder()
                .name("main")
                .engine(SpecConfig.of("noop", engineParams))
                .resources(new ResourcesConfig("500m", "512Mb", "", ""));
    }

    public static Job job(Task task) {
        return Job.builder()
                .id("j-1")
                .name("test")
                .namespace("default")
                .type("batch")
                .count(1)
                .task(task)
                .build();
    }

    public static Job noopJob(Map<String, ?> engineParams) {
        return job(noopTask(engineParams).build());
    }

    public static Job noopJob() {
        return noopJob(Map.of());
    }
}
