package io.caravel.workflows.model;

import java.util.List;

/**
 * What a run of a long-running job ({@code service}, {@code daemon}) hands to the next run when it
 * continues as new to keep its history short: what {@code describe} shows, the replicas (each
 * running execution is re-attached to, never started again) and a stop requested meanwhile.
 *
 * @param stopReason why the job is being stopped; "" when it is not
 */
public record Handover(ProgressSnapshot progress, List<ReplicaState> replicas, String stopReason) {
    public Handover {
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
        stopReason = stopReason == null ? "" : stopReason;
    }
}
