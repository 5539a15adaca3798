package io.caravel.workflows.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of a job's history, as {@code job history} shows it.
 *
 * @param time workflow time in Unix milliseconds
 * @param topic what kind of event: {@code Submission}, {@code Placement}, {@code Execution}, ...
 * @param executionId the execution it concerns, or "" for the job
 */
public record JobEvent(
        long time, String topic, String message, @JsonProperty("ExecutionID") String executionId) {}
