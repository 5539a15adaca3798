/**
 * The {@code ipfs} family's node half: {@code IpfsSource} and {@code IpfsPublisher} on a Kubo node
 * ({@code KuboClient}), {@code IpfsOff} where the node has none. The client half ({@code
 * IpfsResultFetcher}) is in the CLI, {@code io.caravel.cli.providers.ipfs}. See docs/providers.md.
 */
package io.caravel.activities.providers.ipfs;
