package io.caravel.workflows.activities;

import java.util.List;

/** The inputs a node staged for an execution, as the engine mounts them. */
public record StagedInputs(List<StagedInput> inputs) {
    public StagedInputs {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }

    public static final StagedInputs NONE = new StagedInputs(List.of());

    /**
     * One staged input.
     *
     * @param hostPath where the data lies on the node
     * @param target where the task sees it
     */
    public record StagedInput(String hostPath, String target, boolean readOnly, long sizeBytes) {}

    public long totalBytes() {
        return inputs.stream().mapToLong(StagedInput::sizeBytes).sum();
    }
}
