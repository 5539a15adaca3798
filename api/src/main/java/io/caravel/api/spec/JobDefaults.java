package io.caravel.api.spec;

import io.caravel.api.model.Job;
import io.caravel.api.model.ResourcesConfig;
import io.caravel.api.model.Task;
import io.caravel.api.quantity.Resources;

/**
 * The defaults Bacalhau's orchestrator applies to every job type: CPU {@code 500m} and memory
 * {@code 512Mb} where the task asks for none. Disk and GPU stay unset.
 */
public final class JobDefaults {
    private JobDefaults() {}

    public static Job apply(Job job) {
        return job.toBuilder().tasks(job.tasks().stream().map(JobDefaults::task).toList()).build();
    }

    private static Task task(Task t) {
        ResourcesConfig r = t.resources();
        return t.toBuilder()
                .resources(
                        new ResourcesConfig(
                                r.cpu().isEmpty() ? Resources.DEFAULT_CPU : r.cpu(),
                                r.memory().isEmpty() ? Resources.DEFAULT_MEMORY : r.memory(),
                                r.disk(),
                                r.gpu()))
                .build();
    }
}
