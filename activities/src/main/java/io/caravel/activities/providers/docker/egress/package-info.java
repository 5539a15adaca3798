/**
 * The {@code HTTP} network mode of the docker engine: a per-execution internal Docker network
 * ({@link io.caravel.activities.providers.docker.egress.EgressNetwork}) whose only way out is a
 * forward proxy in the worker's JVM ({@link
 * io.caravel.activities.providers.docker.egress.EgressProxy}) that admits exactly the job's
 * declared domains with Bacalhau's leading-dot rule. Names are resolved by a {@link
 * io.caravel.activities.providers.docker.egress.HostResolver}, and the addresses they resolve to
 * are checked with a {@link io.caravel.activities.providers.docker.egress.TargetAddresses} rule.
 */
package io.caravel.activities.providers.docker.egress;
