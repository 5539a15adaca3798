package io.caravel.bench.burst;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU seconds used so far by this JVM (the worker and the client), by the long-lived processes of
 * the Temporal server and the container runtime, and by the whole machine, read from {@code /proc}:
 * to say where a burst's CPU went on a machine whose cores they share. Short-lived processes (runc,
 * shims) count only in the whole machine's figure.
 */
final class CpuTimes {
    private static final List<String> PROCESSES = List.of("temporal", "dockerd", "containerd");
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private static final String JVM = "this JVM";
    private static final String MACHINE = "the whole machine";

    private CpuTimes() {}

    /** CPU seconds by process name, with this JVM's and the whole machine's. */
    static Map<String, Double> now() {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(
                JVM,
                ((com.sun.management.OperatingSystemMXBean)
                                        ManagementFactory.getOperatingSystemMXBean())
                                .getProcessCpuTime()
                        / 1e9);
        PROCESSES.forEach(p -> out.put(p, 0.0));
        out.put(MACHINE, machineBusySeconds());
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(p -> add(p, out));
        } catch (IOException e) {
            // no /proc: only this JVM's figure
        }
        return out;
    }

    /**
     * The whole machine's busy CPU seconds since boot (every core, every process, the kernel's work
     * included), from the first line of {@code /proc/stat}: runc, the shims and the kernel's
     * container set-up show only here.
     */
    private static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle and iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void add(Path proc, Map<String, Double> out) {
        String stat;
        try {
            stat = Files.readString(proc.resolve("stat"));
        } catch (IOException e) {
            return; // the process ended
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (!PROCESSES.contains(name)) {
            return;
        }
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        out.merge(name, seconds, Double::sum);
    }

    /** "this JVM 3.1 s, temporal 1.2 s, ..." for what was used between {@code from} and now. */
    static String since(Map<String, Double> from) {
        Map<String, Double> to = now();
        StringBuilder sb = new StringBuilder();
        to.forEach(
                (name, s) -> {
                    if (sb.length() > 0) {
                        sb.append(", ");
                    }
                    sb.append(
                            String.format(
                                    Locale.ROOT,
                                    "%s %.1f s",
                                    name,
                                    s - from.getOrDefault(name, 0.0)));
                });
        return sb.toString();
    }
}
