package io.caravel.cli.faults;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The program the fault cases run: a one-partition batch job in the busybox test image (network
 * None) that prints {@code start}, then {@code tick 1} ... {@code tick N} one second apart, then
 * {@code done}. Its stdout shows a gap or a repeat (a second run, a re-read log) line by line.
 */
record TickJob(int seconds) {
    String spec(String name) {
        String script =
                "echo start; i=1; while [ $i -le "
                        + seconds
                        + " ]; do echo tick $i; sleep 1; i=$((i+1)); done;"
                        + " echo done";
        return """
                Name: %s
                Type: batch
                Count: 1
                Tasks:
                  - Name: main
                    Engine:
                      Type: docker
                      Params:
                        Image: %s
                        Entrypoint: ["/bin/sh", "-c"]
                        Parameters: ["%s"]
                    Network:
                      Type: None
                    Resources:
                      CPU: 100m
                      Memory: 64Mi
                    Timeouts:
                      ExecutionTimeout: 900
                """
                .formatted(name, Tools.IMAGE, script);
    }

    /** What the program prints when it runs once, from start to end. */
    String expectedStdout() {
        return "start\n"
                + IntStream.rangeClosed(1, seconds)
                        .mapToObj(i -> "tick " + i + "\n")
                        .collect(Collectors.joining())
                + "done\n";
    }
}
