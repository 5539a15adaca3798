package io.caravel.activities.placement;

import io.caravel.activities.spi.Engine;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Whether the engines this node runs can take new work now ({@link Engine#unavailability}), e.g. a
 * docker engine whose daemon does not answer cannot. The claim refuses work for an unavailable
 * engine as busy (placement resumes when it is back) and the node's heartbeat shows the reasons.
 * Engines are matched by type, trimmed and case-insensitively, as {@link NodePolicy} does.
 */
public final class EngineAvailability {
    /** Every engine always available: for nodes and tests that do not probe. */
    public static final EngineAvailability ALWAYS = new EngineAvailability(java.util.List.of());

    private final Map<String, Engine> engines;

    /**
     * @param engines the engines this node runs (those enabled in its configuration)
     */
    public EngineAvailability(Collection<? extends Engine> engines) {
        Map<String, Engine> byType = new TreeMap<>();
        for (Engine engine : engines) {
            byType.put(key(engine.type()), engine);
        }
        this.engines = Collections.unmodifiableMap(byType);
    }

    /**
     * Why the engine of {@code type} cannot take work now; empty when it can, or when this node has
     * no such engine.
     */
    public Optional<String> problem(String type) {
        Engine engine = engines.get(key(type));
        return engine == null ? Optional.empty() : engine.unavailability();
    }

    /** Every engine that cannot take work now, by type, with why. */
    public Map<String, String> problems() {
        Map<String, String> problems = new TreeMap<>();
        engines.forEach(
                (type, engine) ->
                        engine.unavailability().ifPresent(why -> problems.put(type, why)));
        return problems;
    }

    private static String key(String type) {
        return type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
    }
}
