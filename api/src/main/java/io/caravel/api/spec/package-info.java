/**
 * Reading, writing, normalising and validating jobs: {@link io.caravel.api.spec.JobSpecs} is the
 * pipeline, {@link io.caravel.api.spec.JobSpecReader} and {@link io.caravel.api.spec.JobSpecWriter}
 * the codecs, {@link io.caravel.api.spec.JobValidator} the rules.
 */
package io.caravel.api.spec;
