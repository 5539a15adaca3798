package io.caravel.workers.capacity;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds NVIDIA GPUs by running {@code nvidia-smi} when it is on the {@code PATH}. A node without
 * the tool, or whose driver does not answer within the timeout, has no GPUs; the reason is logged.
 */
public final class NvidiaSmiProbe implements GpuProbe {
    public static final String COMMAND = "nvidia-smi";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(NvidiaSmiProbe.class);

    private final String path;
    private final Duration timeout;

    /** Searches the process's {@code PATH} with {@link #DEFAULT_TIMEOUT}. */
    public NvidiaSmiProbe() {
        this(System.getenv("PATH"), DEFAULT_TIMEOUT);
    }

    /**
     * Searches {@code path} (directories separated as on this OS) and waits at most {@code
     * timeout}.
     */
    public NvidiaSmiProbe(String path, Duration timeout) {
        this.path = path == null ? "" : path;
        this.timeout = timeout;
    }

    @Override
    public List<GpuInfo> detect() {
        Optional<Path> tool = find();
        if (tool.isEmpty()) {
            LOG.info("{} is not on the PATH; this node offers no GPUs", COMMAND);
            return List.of();
        }
        List<String> command = new ArrayList<>();
        command.add(tool.get().toString());
        command.addAll(NvidiaSmiParser.QUERY_ARGS);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            LOG.warn("Could not run {}: {}; this node offers no GPUs", tool.get(), e.getMessage());
            return List.of();
        }
        CompletableFuture<String> output =
                CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                LOG.warn(
                        "{} did not answer within {} ms; this node offers no GPUs",
                        tool.get(),
                        timeout.toMillis());
                return List.of();
            }
            String text = output.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (process.exitValue() != 0) {
                LOG.warn(
                        "{} failed with exit code {}: {}; this node offers no GPUs",
                        tool.get(),
                        process.exitValue(),
                        text.strip());
                return List.of();
            }
            List<GpuInfo> gpus = NvidiaSmiParser.parse(text);
            LOG.info("{} reports {} GPU(s): {}", COMMAND, gpus.size(), gpus);
            return gpus;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException | TimeoutException | IllegalArgumentException e) {
            process.destroyForcibly();
            LOG.warn(
                    "Could not read the GPUs from {}: {}; this node offers no GPUs",
                    tool.get(),
                    e.getMessage());
            return List.of();
        }
    }

    /** The {@code nvidia-smi} executable on the path, if any. */
    Optional<Path> find() {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            try {
                Path candidate = Path.of(dir, COMMAND);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (InvalidPathException e) {
                LOG.debug("Skipping PATH entry {}: {}", dir, e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
