/**
 * What runs on a node for one execution: {@link io.caravel.activities.node.NodeActivitiesImpl}
 * (network check, staging, execution, publishing, release), {@link
 * io.caravel.activities.node.ExecutionDirs} (its directories), {@link
 * io.caravel.activities.node.ResultsLayout} (Bacalhau's results layout and run output), {@link
 * io.caravel.activities.node.ActivityFailures} (every failure an activity raises), {@link
 * io.caravel.activities.node.RegistryActivitiesImpl} (reads the node registry) and {@link
 * io.caravel.activities.node.NodeContext} (the node-wide state the provider families' modules
 * read).
 */
package io.caravel.activities.node;
