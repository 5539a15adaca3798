package io.caravel.activities.providers.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import io.caravel.activities.spi.ExecutionContext;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.PortMapping;
import io.caravel.api.model.ResultPath;
import io.caravel.api.model.Task;
import io.caravel.api.providers.docker.DockerEngineSpec;
import io.caravel.api.quantity.Resources;
import io.caravel.workflows.activities.StagedInputs.StagedInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container an execution runs in, as Bacalhau's docker executor builds it (BACALHAU-SPEC §10):
 * image, ENTRYPOINT override, CMD, environment (the execution's, engine entries winning), working
 * directory, bind mounts for inputs and result paths, memory and CPU limits, NVIDIA device requests
 * for the GPUs the node reserved, the network attachment, and Caravel's labels; the worker's pids
 * limit, so a fork bomb stops at the container's limit instead of the host's.
 *
 * <p>Hardening that ordinary images do not notice: never privileged, {@code no-new-privileges}
 * (setuid binaries cannot gain privileges), and the user left to the image's {@code USER}.
 *
 * @param resultsHostDir where the result paths' host directories are made, one per {@code Name}
 * @param pidsLimit the most processes the container may have; 0 or less for no limit
 */
record ContainerPlan(
        ExecutionContext execution,
        DockerEngineSpec spec,
        ContainerNetwork.Attachment network,
        Path resultsHostDir,
        long pidsLimit) {

    static final String NVIDIA_DRIVER = "nvidia";
    static final List<String> SECURITY_OPTS = List.of("no-new-privileges");

    /**
     * The container's environment, sorted {@code K=V}: execution variables, the engine's, then the
     * network's.
     */
    List<String> env() {
        Map<String, String> env = new java.util.TreeMap<>(execution.env());
        env.putAll(spec.environment());
        // The network's variables (the egress proxy's) win: a job cannot point itself past its
        // proxy.
        env.putAll(network.extraEnv());
        List<String> entries = new ArrayList<>();
        env.forEach((k, v) -> entries.add(k + "=" + v));
        return entries;
    }

    /**
     * Inputs at their targets, read-only unless a {@code local} source staged them read-write;
     * every result path read-write at its {@code Path}.
     */
    List<Bind> binds() {
        Task task = execution.task();
        List<Bind> binds = new ArrayList<>();
        List<StagedInput> staged = execution.inputs().inputs();
        for (int i = 0; i < staged.size(); i++) {
            StagedInput input = staged.get(i);
            boolean writable = !input.readOnly() && LocalMounts.isLocal(task.inputSources(), i);
            binds.add(
                    new Bind(
                            input.hostPath(),
                            new Volume(input.target()),
                            writable ? AccessMode.rw : AccessMode.ro));
        }
        for (ResultPath rp : task.resultPaths()) {
            if (rp.path().isEmpty()) {
                throw new CaravelException(
                        ErrorCode.SPEC_INVALID,
                        "result path " + rp.name() + " has no Path",
                        "give every result path an absolute Path inside the container");
            }
            binds.add(
                    new Bind(
                            ResultDirs.of(resultsHostDir, rp).toString(),
                            new Volume(rp.path()),
                            AccessMode.rw));
        }
        return binds;
    }

    HostConfig hostConfig() {
        Resources resources = Resources.parse(execution.task().resources());
        HostConfig host =
                HostConfig.newHostConfig()
                        .withBinds(binds())
                        .withNetworkMode(network.networkMode())
                        .withPrivileged(false)
                        .withSecurityOpts(SECURITY_OPTS);
        if (!network.published().isEmpty()) {
            host.withPortBindings(portBindings());
        }
        if (!network.extraHosts().isEmpty()) {
            host.withExtraHosts(network.extraHosts().toArray(String[]::new));
        }
        if (pidsLimit > 0) {
            host.withPidsLimit(pidsLimit);
        }
        if (resources.memoryBytes() > 0) {
            // Swap capped at the limit too, so a task over its memory is killed instead of
            // swapping.
            host.withMemory(resources.memoryBytes()).withMemorySwap(resources.memoryBytes());
        }
        if (resources.cpuMillis() > 0) {
            host.withNanoCPUs(resources.cpuMillis() * 1_000_000L);
        }
        if (resources.gpus() > 0) {
            host.withDeviceRequests(List.of(gpuRequest(resources.gpus())));
        }
        return host;
    }

    /**
     * Bacalhau's bridge mappings: container port {@code Target} (the {@code Static} port when no
     * target is given), TCP, published at {@code HostNetwork} (every interface when empty) on the
     * {@code Static} port, or on a port docker picks when none is given.
     */
    Ports portBindings() {
        Ports ports = new Ports();
        for (PortMapping port : network.published()) {
            int inside = containerPort(port);
            if (inside == 0) {
                continue;
            }
            String ip = port.hostNetwork().isEmpty() ? "0.0.0.0" : port.hostNetwork();
            ports.bind(
                    ExposedPort.tcp(inside),
                    port.staticPort() > 0
                            ? Ports.Binding.bindIpAndPort(ip, port.staticPort())
                            : Ports.Binding.bindIp(ip));
        }
        return ports;
    }

    private static int containerPort(PortMapping port) {
        return port.target() > 0 ? port.target() : port.staticPort();
    }

    /**
     * The claim's GPU indices when the node reserved some, else a count (Bacalhau's NVIDIA form).
     */
    DeviceRequest gpuRequest(long gpus) {
        DeviceRequest request =
                new DeviceRequest()
                        .withDriver(NVIDIA_DRIVER)
                        .withCapabilities(List.of(List.of("gpu")));
        List<Integer> indices =
                execution.claim() == null ? List.of() : execution.claim().gpuIndices();
        return indices.isEmpty()
                ? request.withCount((int) gpus)
                : request.withDeviceIds(indices.stream().map(String::valueOf).toList());
    }

    Map<String, String> labels() {
        return new LinkedHashMap<>(
                DockerLabels.of(execution.executionId(), execution.nodeId(), execution.job().id()));
    }

    /** Fills {@code create} (made for {@link #spec}'s image) with everything above. */
    CreateContainerCmd applyTo(CreateContainerCmd create) {
        create.withName(DockerLabels.containerName(execution.executionId()))
                .withLabels(labels())
                .withEnv(env())
                .withCmd(spec.parameters())
                .withTty(false)
                .withAttachStdin(false)
                .withStdinOpen(false)
                .withNetworkDisabled(network.networkDisabled())
                .withHostConfig(hostConfig());
        List<ExposedPort> exposed =
                network.published().stream()
                        .map(ContainerPlan::containerPort)
                        .filter(p -> p > 0)
                        .map(ExposedPort::tcp)
                        .toList();
        if (!exposed.isEmpty()) {
            create.withExposedPorts(exposed);
        }
        if (!spec.entrypoint().isEmpty()) {
            create.withEntrypoint(spec.entrypoint());
        }
        if (!spec.workingDirectory().isEmpty()) {
            create.withWorkingDir(spec.workingDirectory());
        }
        return create;
    }
}
