/**
 * The {@code ipfs} family's node half: {@code IpfsSource} and {@code IpfsPublisher} on a Kubo node
 * ({@code KuboClient}), {@code IpfsOff} where the node has none, and the client-side {@code
 * IpfsResultFetcher}. See docs/providers.md.
 */
package io.caravel.activities.providers.ipfs;
