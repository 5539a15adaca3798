/**
 * What the worker may reach on a job's behalf: {@link io.caravel.activities.net.AddressClass} (the
 * one classification of addresses: public, loopback, link-local, private ...), {@link
 * io.caravel.activities.net.DestinationPolicy} (public addresses plus what the operator allow-lists
 * in {@code fetchAllowedNetworks}), {@link io.caravel.activities.net.PinnedSockets} (an HTTP client
 * that connects only to checked addresses) and {@link
 * io.caravel.activities.net.DestinationRefusedException} (the error a refusal raises).
 */
package io.caravel.activities.net;
