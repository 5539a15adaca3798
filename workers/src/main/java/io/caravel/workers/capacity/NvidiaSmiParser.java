package io.caravel.workers.capacity;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the output of {@code nvidia-smi --query-gpu=index,name,memory.total
 * --format=csv,noheader,nounits}: one line per GPU, {@code 0, NVIDIA H100 80GB HBM3, 81559}.
 */
public final class NvidiaSmiParser {
    /** The arguments that produce the output this parser reads. */
    public static final List<String> QUERY_ARGS =
            List.of("--query-gpu=index,name,memory.total", "--format=csv,noheader,nounits");

    private NvidiaSmiParser() {}

    /**
     * The GPUs listed in {@code output}; empty for empty output.
     *
     * @throws IllegalArgumentException when a line is not {@code index, name, memory}, for example
     *     when nvidia-smi printed an error such as "NVIDIA-SMI has failed because it couldn't
     *     communicate with the NVIDIA driver"; the message quotes the line
     */
    public static List<GpuInfo> parse(String output) {
        List<GpuInfo> gpus = new ArrayList<>();
        String[] lines = output == null ? new String[0] : output.split("\\R");
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(",");
            if (fields.length < 3) {
                throw unexpected(line);
            }
            int index;
            try {
                index = Integer.parseInt(fields[0].strip());
            } catch (NumberFormatException e) {
                throw unexpected(line);
            }
            // Model names have held no comma so far; should one appear, it stays in the name.
            StringBuilder model = new StringBuilder(fields[1].strip());
            for (int i = 2; i < fields.length - 1; i++) {
                model.append(',').append(fields[i]);
            }
            if (index < 0 || model.toString().isBlank()) {
                throw unexpected(line);
            }
            gpus.add(
                    new GpuInfo(
                            index,
                            model.toString().strip(),
                            memory(fields[fields.length - 1].strip(), line)));
        }
        return List.copyOf(gpus);
    }

    private static long memory(String text, String line) {
        // The driver answers [N/A] or [Not Supported] for fields it cannot read.
        if (text.startsWith("[")) {
            return 0;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw unexpected(line);
        }
    }

    private static IllegalArgumentException unexpected(String line) {
        return new IllegalArgumentException(
                "nvidia-smi printed \""
                        + line
                        + "\" where a line \"index, name,"
                        + " memory.total\" was expected");
    }
}
