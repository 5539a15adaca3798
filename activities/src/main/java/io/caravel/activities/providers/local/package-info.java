/**
 * The {@code local} family's node half: the {@code local} input source ({@link
 * io.caravel.activities.providers.local.LocalSource} stages a worker path the worker's allow-list
 * permits, resolved to its real location) and the {@code local} publisher ({@link
 * io.caravel.activities.providers.local.LocalPublisher}, a gzip tar archive the node's results
 * server serves). See docs/providers.md.
 */
package io.caravel.activities.providers.local;
