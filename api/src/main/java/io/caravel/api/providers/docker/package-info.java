/**
 * The {@code docker} family's spec half: DockerEngineSpec, the type strings and param keys ({@code
 * DockerParams}) and the descriptor {@code DockerSpecProvider} listed in {@code SpecProviders}.
 * Pure code, used by workflows. See docs/providers.md.
 */
package io.caravel.api.providers.docker;
