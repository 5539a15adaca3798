package io.caravel.cli.embedded;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The engines an embedded worker offers, and why each built-in engine it does not offer is off, as
 * the lines {@code caravel dev} and {@code --embedded} print: {@code engines: noop, wasm, docker}
 * and {@code docker: off (no daemon answers at ...)}.
 *
 * @param offered the engine types the worker runs
 * @param off engine type to why it is off, in the order they were decided
 */
public record EngineOffer(Set<String> offered, Map<String, Off> off) {
    /** Why an engine is off ({@code no daemon answers at ...}), and what turns it on. */
    public record Off(String why, String remedy) {
        @Override
        public String toString() {
            return why + "; " + remedy;
        }
    }

    /** The order the built-in engines are printed in; others follow, sorted. */
    private static final List<String> ORDER = List.of("noop", "wasm", "docker");

    public EngineOffer {
        offered = Set.copyOf(offered);
        off = Collections.unmodifiableMap(new LinkedHashMap<>(off));
    }

    /**
     * {@code engines: noop, wasm, docker}, then one {@code TYPE: off (WHY)} line per engine that is
     * off.
     */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        List<String> names =
                offered.stream()
                        .sorted(
                                Comparator.comparingInt(
                                                (String e) -> {
                                                    int i = ORDER.indexOf(e);
                                                    return i < 0 ? ORDER.size() : i;
                                                })
                                        .thenComparing(Comparator.naturalOrder()))
                        .toList();
        lines.add("engines: " + (names.isEmpty() ? "none" : String.join(", ", names)));
        off.forEach((engine, why) -> lines.add(engine + ": off (" + why + ")"));
        return lines;
    }
}
