package io.caravel.workflows.model;

import io.caravel.api.model.JobStateType;

/** The answer to a stop request: the state the job was in and whether the stop took effect. */
public record StopResult(JobStateType previousState, boolean stopped, String message) {}
