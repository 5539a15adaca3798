/** Placement on a node: the {@link io.caravel.activities.placement.NodeLedger} of reserved resources and the claim. */
package io.caravel.activities.placement;
