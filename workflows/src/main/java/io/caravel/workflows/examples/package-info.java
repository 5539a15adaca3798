/** Example parent workflows built on {@link io.caravel.workflows.compose.CaravelJobs}. */
package io.caravel.workflows.examples;
