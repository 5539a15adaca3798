/**
 * Which nodes could run a job: {@link io.caravel.workflows.placement.NodeEligibility} (capacity,
 * engines, sources, publishers, network modes, constraints) and {@link
 * io.caravel.workflows.placement.LabelSelectors} (Kubernetes selector matching of job constraints
 * against node labels). Pure functions, used by {@code JobWorkflow} and usable by the claim
 * activity.
 */
package io.caravel.workflows.placement;
