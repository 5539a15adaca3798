package io.caravel.cli.faults;

/**
 * The long-running jobs of the fault cases: a program in the busybox test image (network None)
 * that prints {@code up} and then sleeps a second at a time until it is killed.
 */
final class LongRunningJob {
    private LongRunningJob() {
    }

    /** A {@code service} job of {@code count} replicas. */
    static String service(String name, int count) {
        return spec(name, "service", "Count: " + count + "\n");
    }

    /** A {@code daemon} job: one execution on every node. */
    static String daemon(String name) {
        return spec(name, "daemon", "");
    }

    private static String spec(String name, String type, String count) {
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
                        Parameters: ["echo up; while true; do sleep 1; done"]
                    Network:
                      Type: None
                    Resources:
                      CPU: 100m
                      Memory: 64Mi
                """.formatted(name, type, count, Tools.IMAGE);
    }
}
