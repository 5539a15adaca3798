/**
 * The {@code local} input source: {@link io.caravel.activities.providers.local.LocalSource} stages
 * a worker path the worker's allow-list permits, resolved to its real location.
 */
package io.caravel.activities.providers.local;
