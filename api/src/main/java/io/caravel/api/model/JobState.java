package io.caravel.api.model;

import java.util.Map;

/** A job's state with an optional message and details. */
public record JobState(JobStateType stateType, String message, Map<String, String> details) {
    public static final JobState UNDEFINED = new JobState(JobStateType.UNDEFINED, "", Map.of());

    public JobState {
        stateType = stateType == null ? JobStateType.UNDEFINED : stateType;
        message = Immutables.text(message);
        details = Immutables.strings(details);
    }

    public static JobState of(JobStateType type) {
        return new JobState(type, "", Map.of());
    }
}
