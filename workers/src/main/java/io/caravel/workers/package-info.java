/**
 * The worker process: {@link io.caravel.workers.WorkerMain} (entry point), {@link
 * io.caravel.workers.WorkerProcess} (a wired, running process), {@link
 * io.caravel.workers.CaravelWorker} (the node's Temporal workers and their lifecycle) and {@link
 * io.caravel.workers.Registrar} (what runs on each task queue).
 */
package io.caravel.workers;
