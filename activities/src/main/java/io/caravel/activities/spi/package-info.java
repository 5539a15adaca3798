/**
 * The provider interfaces of a node, one implementation per Bacalhau type string: {@link
 * io.caravel.activities.spi.Engine}, {@link io.caravel.activities.spi.InputSourceProvider}, {@link
 * io.caravel.activities.spi.Publisher}; {@link io.caravel.activities.spi.ExecutionContext} is what
 * they are given.
 */
package io.caravel.activities.spi;
