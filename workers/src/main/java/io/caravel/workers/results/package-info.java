/**
 * The worker's results server: local-publisher archives and execution logs over HTTP, by execution
 * id.
 */
package io.caravel.workers.results;
