/**
 * Placement on a node: the {@link io.caravel.activities.placement.NodeLedger} of reserved
 * resources, the {@link io.caravel.activities.placement.NodePolicy} of what the node runs (with
 * {@link io.caravel.activities.placement.LabelSelector} for constraints), and the claim, {@link
 * io.caravel.activities.placement.ClaimActivitiesImpl}.
 */
package io.caravel.activities.placement;
