/**
 * Network rules of a task: {@link io.caravel.api.network.Domains} checks, normalises and matches
 * the domains of HTTP mode (Docker/Squid and WASM semantics), and {@link
 * io.caravel.api.network.Ports} validates port mappings.
 */
package io.caravel.api.network;
