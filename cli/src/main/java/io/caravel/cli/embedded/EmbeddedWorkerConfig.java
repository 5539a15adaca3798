package io.caravel.cli.embedded;

import io.caravel.api.errors.Problem;
import io.caravel.workers.config.InvalidConfigException;
import io.caravel.workers.config.WorkerConfig;
import io.caravel.workers.config.WorkerConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The configuration of the embedded worker ({@code caravel dev}, {@code --embedded}): its own
 * {@link Defaults} (node {@code dev}, engines {@code noop, wasm, docker}), then the layers {@code
 * caravel worker} reads (the YAML file of {@code --config} or {@code CARAVEL_CONFIG}, the {@code
 * CARAVEL_*} variables), then {@code docker} dropped when no daemon answers at {@code dockerHost}.
 * Where the worker connects is the embedded server's business: it is set when the server runs
 * ({@link #connectedTo}).
 */
public final class EmbeddedWorkerConfig {
    /** The node id of the embedded worker. */
    public static final String NODE_ID = "dev";

    static final List<String> ENGINES = List.of("noop", "wasm", "docker");

    private EmbeddedWorkerConfig() {}

    /**
     * The embedded worker's defaults, below the configuration layers.
     *
     * @param nodeId the node id
     * @param engines the engines it offers unless configured otherwise ({@code docker} only while a
     *     daemon answers)
     * @param storageDir where executions keep their files
     * @param resultsPort the results server's port (0: a free one)
     * @param shutdownGrace how long running steps may take to finish at a stop
     * @param searchAttributes whether the server has Caravel's search attributes registered
     */
    public record Defaults(
            String nodeId,
            List<String> engines,
            Path storageDir,
            int resultsPort,
            Duration shutdownGrace,
            boolean searchAttributes) {
        public Defaults {
            engines = List.copyOf(engines);
        }

        /** {@code caravel dev}'s worker: node {@code dev}, engines noop, wasm and docker. */
        public static Defaults dev(
                Path storageDir,
                int resultsPort,
                Duration shutdownGrace,
                boolean searchAttributes) {
            return new Defaults(
                    NODE_ID, ENGINES, storageDir, resultsPort, shutdownGrace, searchAttributes);
        }

        /**
         * The worker of one {@code --embedded} job: a node id of its own (so that its start-up
         * sweep of orphans never takes the containers of {@code caravel dev} or of another embedded
         * job for its own), a free results port, and docker only when the job runs on docker (the
         * Docker client and its start-up sweep cost a WASM job time for nothing).
         */
        public static Defaults oneJob(Path storageDir, String jobEngine) {
            List<String> engines =
                    "docker".equalsIgnoreCase(jobEngine) ? ENGINES : List.of("noop", "wasm");
            return new Defaults(
                    "embedded-" + UUID.randomUUID().toString().substring(0, 8),
                    engines,
                    storageDir,
                    0,
                    Duration.ofSeconds(2),
                    false);
        }
    }

    /**
     * The configuration (not yet connected anywhere) and the engines it offers, with why one is
     * off.
     */
    public record Resolved(WorkerConfig config, EngineOffer engines) {}

    /**
     * Merges {@code defaults}, the file ({@code configFile}, else {@code CARAVEL_CONFIG} of {@code
     * env}) and the {@code CARAVEL_*} variables of {@code env}, and probes the Docker daemon when
     * the result lists {@code docker}.
     *
     * @throws io.caravel.workers.config.InvalidConfigException listing every problem of every layer
     */
    public static Resolved resolve(
            Defaults defaults, Optional<Path> configFile, Map<String, String> env) {
        WorkerConfig.Builder base =
                WorkerConfig.builder()
                        .nodeId(defaults.nodeId())
                        .engines(defaults.engines())
                        .storageDir(defaults.storageDir())
                        .resultsPort(defaults.resultsPort())
                        .shutdownGracePeriod(defaults.shutdownGrace())
                        .searchAttributes(defaults.searchAttributes());
        Optional<Path> file =
                configFile.or(
                        () ->
                                Optional.ofNullable(env.get(WorkerConfigLoader.CONFIG_ENV))
                                        .filter(s -> !s.isBlank())
                                        .map(Path::of));
        WorkerConfig loaded = WorkerConfigLoader.load(base, file, env, Map.of());
        Set<String> engines = new LinkedHashSet<>(loaded.engines());
        Map<String, EngineOffer.Off> off = new LinkedHashMap<>();
        if (!engines.contains("docker")) {
            if (defaults.engines().contains("docker")) {
                off.put(
                        "docker",
                        new EngineOffer.Off(
                                "not in this worker's engines",
                                "list it in CARAVEL_ENGINES"
                                        + " or in the engines key of the configuration file"));
            }
        } else {
            Optional<String> problem =
                    DockerDaemonCheck.problem(
                            loaded.dockerHost(),
                            loaded.dockerCertPath().isPresent(),
                            DockerDaemonCheck.TIMEOUT);
            if (problem.isPresent()) {
                engines.remove("docker");
                off.put(
                        "docker",
                        new EngineOffer.Off(
                                problem.get(),
                                "start Docker (scripts/docker-dev.sh start),"
                                        + " or point CARAVEL_DOCKER_HOST at a daemon"));
            }
        }
        if (engines.isEmpty()) {
            throw new InvalidConfigException(
                    List.of(
                            new Problem(
                                    "engines",
                                    "the embedded worker would offer no engine; "
                                            + String.join(
                                                    "; ",
                                                    new EngineOffer(engines, off)
                                                            .lines()
                                                            .subList(1, off.size() + 1)))));
        }
        return new Resolved(
                loaded.toBuilder().engines(engines).build(), new EngineOffer(engines, off));
    }

    /**
     * {@code config} connected to the embedded server at {@code address}: namespace default, no
     * TLS.
     */
    static WorkerConfig connectedTo(WorkerConfig config, String address) {
        return config.toBuilder()
                .temporalAddress(address)
                .namespace(WorkerConfig.DEFAULT_NAMESPACE)
                .tlsEnabled(false)
                .tlsCert(null)
                .tlsKey(null)
                .tlsCa(null)
                .tlsServerName(null)
                .build();
    }
}
