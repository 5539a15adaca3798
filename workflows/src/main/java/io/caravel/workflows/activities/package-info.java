/**
 * The activity interfaces {@code JobWorkflow} calls and the values they exchange: {@link
 * io.caravel.workflows.activities.PlacementActivities}, {@link
 * io.caravel.workflows.activities.NodeActivities}, {@link
 * io.caravel.workflows.activities.RegistryActivities}; failure types in {@link
 * io.caravel.api.errors.ErrorCode}.
 */
package io.caravel.workflows.activities;
