/**
 * Values the workflows exchange with clients: {@link io.caravel.workflows.model.JobResult}, {@link
 * io.caravel.workflows.model.JobDescription}, executions, history events and node info.
 */
package io.caravel.workflows.model;
