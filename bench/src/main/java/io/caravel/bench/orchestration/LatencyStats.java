package io.caravel.bench.orchestration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median and 95th percentile of a set of latencies in milliseconds. */
public record LatencyStats(int count, double medianMs, double p95Ms) {
    public static LatencyStats of(List<Double> samplesMs) {
        List<Double> sorted = new ArrayList<>(samplesMs);
        Collections.sort(sorted);
        return new LatencyStats(sorted.size(), percentile(sorted, 0.50), percentile(sorted, 0.95));
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
