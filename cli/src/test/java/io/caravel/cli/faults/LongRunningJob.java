package io.caravel.cli.faults;

/**
 * The long-running jobs of the fault cases, in the busybox test image (network None): a program
 * that prints {@code up} and then sleeps a second at a time until it is killed, or one that
 * crashes.
 */
final class LongRunningJob {
    private LongRunningJob() {}

    private static final String RUNS = "echo up; while true; do sleep 1; done";

    /** A {@code service} job of {@code count} replicas. */
    static String service(String name, int count) {
        return spec(name, "service", "Count: " + count + "\n", RUNS);
    }

    /**
     * A {@code service} job of two replicas: replica 0 runs until killed, replica 1 exits with code
     * 1 after two seconds, every time (a crash loop).
     */
    static String serviceWithACrashingReplica(String name) {
        return spec(
                name,
                "service",
                "Count: 2\n",
                "if [ $BACALHAU_PARTITION_INDEX = 0 ]; then "
                        + RUNS
                        + "; else echo crash; sleep 2; exit 1; fi");
    }

    /** A {@code daemon} job: one execution on every node. */
    static String daemon(String name) {
        return spec(name, "daemon", "", RUNS);
    }

    private static String spec(String name, String type, String count, String script) {
        return """
                Name: %s
                Type: %s
                %sTasks:
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
                """
                .formatted(name, type, count, Tools.IMAGE, script);
    }
}
