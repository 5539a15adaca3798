package io.caravel.workflows.internal;

import io.caravel.api.model.PortMapping;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.api.spec.GoDurations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one-line summaries the Temporal UI shows for each activity, and durations as Go prints them.
 */
public final class Summaries {
    private Summaries() {}

    /** {@code run docker busybox:1.36}, or {@code run wasm} when the engine names no image. */
    public static String engine(Task task) {
        SpecConfig engine = task.engine();
        if (engine == null) {
            return "run";
        }
        return param(engine, "Image")
                .map(image -> "run " + engine.type() + " " + image)
                .orElse("run " + engine.type());
    }

    /**
     * A duration the way Go prints a {@code time.Duration}: {@code 30s}, {@code 1m30s}, {@code
     * 500ms}.
     */
    /** Port mappings as {@code host port 20001 → 80 (http)}, comma-separated. */
    static String ports(List<PortMapping> ports) {
        return ports.stream()
                .map(
                        p ->
                                "host port "
                                        + (p.hostNetwork().isEmpty() ? "" : p.hostNetwork() + ":")
                                        + p.staticPort()
                                        + (p.target() > 0 ? " → " + p.target() : "")
                                        + " ("
                                        + p.name()
                                        + ")")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    public static String duration(Duration d) {
        if (d.toMillis() % 1000 == 0) {
            return GoDurations.format(d.getSeconds());
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + "ms";
        }
        String whole = GoDurations.format(d.getSeconds());
        String millis =
                String.format(java.util.Locale.ROOT, "%03d", d.toMillisPart())
                        .replaceAll("0+$", "");
        return whole.substring(0, whole.length() - 1) + "." + millis + "s";
    }

    private static Optional<String> param(SpecConfig config, String key) {
        for (Map.Entry<String, Object> e : config.params().entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)
                    && e.getValue() instanceof String s
                    && !s.isBlank()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
