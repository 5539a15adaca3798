package io.caravel.activities.providers.docker;

import io.caravel.activities.files.FileTrees;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.Job;
import io.caravel.api.model.NetworkConfig;
import io.caravel.api.model.NetworkType;
import io.caravel.api.model.PortMapping;
import io.caravel.api.model.ResourcesConfig;
import io.caravel.api.model.ResultPath;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.model.Task;
import io.caravel.workflows.activities.NodeClaim;
import io.caravel.workflows.activities.StagedInputs;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** Builds the execution context of one docker engine run in a test. */
final class DockerRun {
    static final String IMAGE = "caravel-test/busybox:1";

    private final Path dir;
    private final String executionId;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final List<StagedInput> inputs = new ArrayList<>();
    private final List<InputSource> sources = new ArrayList<>();
    private final List<ResultPath> resultPaths = new ArrayList<>();
    private Map<String, String> env = Map.of();
    private NetworkType network = NetworkType.NONE;
    private List<String> domains = List.of();
    private List<PortMapping> ports = List.of();
    private ResourcesConfig resources = new ResourcesConfig("", "", "", "");
    private List<Integer> gpuIndices = List.of();
    private String nodeId = "node-1";
    private BooleanSupplier cancelled = () -> false;
    final List<String> progress = new CopyOnWriteArrayList<>();

    /** Every execution a test built a context for: its container stays until released. */
    private static final java.util.Set<String> RUNS =
            java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Removes the containers (and networks) of every run built so far, as a node's release does.
     */
    static void releaseAll() {
        ExecutionObjects objects =
                new ExecutionObjects(DockerClients.connect(DockerClients.DEFAULT_HOST));
        for (String id : RUNS) {
            objects.removeExecution(id);
            RUNS.remove(id);
        }
    }

    DockerRun(Path dir, String executionId) {
        this.dir = dir;
        this.executionId = executionId;
        params.put("Image", IMAGE);
    }

    DockerRun param(String key, Object value) {
        params.put(key, value);
        return this;
    }

    DockerRun shell(String script) {
        return param("Entrypoint", List.of("/bin/sh", "-c")).param("Parameters", List.of(script));
    }

    /** A staged input of {@code sourceType} at {@code target}, staged read-only or not. */
    DockerRun input(Path host, String target, String sourceType, boolean readOnly) {
        return input(host, target, sourceType, readOnly, 0);
    }

    DockerRun input(Path host, String target, String sourceType, boolean readOnly, long sizeBytes) {
        inputs.add(new StagedInput(host.toString(), target, readOnly, sizeBytes));
        sources.add(new InputSource(SpecConfig.of(sourceType, Map.of()), "", target));
        return this;
    }

    DockerRun result(String name, String path) {
        resultPaths.add(new ResultPath(name, path));
        return this;
    }

    DockerRun env(Map<String, String> value) {
        env = value;
        return this;
    }

    DockerRun network(NetworkType value) {
        network = value;
        return this;
    }

    DockerRun domains(List<String> value) {
        domains = value;
        return this;
    }

    DockerRun ports(List<PortMapping> value) {
        ports = value;
        return this;
    }

    DockerRun resources(String cpu, String memory, String gpu) {
        resources = new ResourcesConfig(cpu, memory, resources.disk(), gpu);
        return this;
    }

    DockerRun disk(String value) {
        resources =
                new ResourcesConfig(resources.cpu(), resources.memory(), value, resources.gpu());
        return this;
    }

    DockerRun gpuIndices(List<Integer> value) {
        gpuIndices = value;
        return this;
    }

    DockerRun node(String value) {
        nodeId = value;
        return this;
    }

    DockerRun cancelled(BooleanSupplier value) {
        cancelled = value;
        return this;
    }

    String executionId() {
        return executionId;
    }

    Path executionDir() {
        return dir.resolve(executionId);
    }

    Path results() {
        return executionDir().resolve("results");
    }

    /**
     * The context; the results directory is emptied first, as the node does before every attempt.
     */
    ExecutionContext context() throws IOException {
        RUNS.add(executionId);
        Path exec = executionDir();
        FileTrees.delete(results());
        Files.createDirectories(results());
        Path logs = Files.createDirectories(exec.resolve("logs"));
        Task task =
                Task.builder()
                        .name("main")
                        .engine(SpecConfig.of("docker", params))
                        .resultPaths(resultPaths)
                        .inputSources(sources)
                        .network(new NetworkConfig(network, domains, ports))
                        .resources(resources)
                        .build();
        Job job =
                Job.builder()
                        .id("j-docker")
                        .name("docker")
                        .type("batch")
                        .count(1)
                        .task(task)
                        .build();
        NodeClaim claim = new NodeClaim(nodeId, "caravel-node-" + nodeId, executionId, gpuIndices);
        return new ExecutionContext(
                job,
                executionId,
                0,
                nodeId,
                claim,
                exec,
                results(),
                logs,
                new StagedInputs(inputs),
                env,
                progress::add,
                cancelled);
    }
}
