package io.caravel.workflows.model;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Executions counted per state, keyed by the state's name ({@code Completed}, {@code Failed} ...).
 */
public final class Summary {
    private Summary() {}

    public static Map<String, Integer> of(Collection<ExecutionRecord> executions) {
        Map<String, Integer> counts = new HashMap<>();
        for (ExecutionRecord e : executions) {
            if (e.state() != null) {
                counts.merge(e.state().text(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** {@code into} plus {@code more}, state by state. */
    public static Map<String, Integer> add(Map<String, Integer> into, Map<String, Integer> more) {
        Map<String, Integer> sum = new HashMap<>(into);
        more.forEach((state, n) -> sum.merge(state, n, Integer::sum));
        return sum;
    }
}
