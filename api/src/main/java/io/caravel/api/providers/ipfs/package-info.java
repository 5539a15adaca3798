/**
 * The {@code ipfs} family's spec half: IpfsSourceSpec, the type strings and param keys ({@code
 * IpfsParams}) and the descriptor {@code IpfsSpecProvider} listed in {@code SpecProviders}. Pure
 * code, used by workflows. See docs/providers.md.
 */
package io.caravel.api.providers.ipfs;
