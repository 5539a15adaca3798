/**
 * The {@code inline} input source: {@link io.caravel.activities.providers.inline.InlineSource}
 * stages data carried in the spec; {@link io.caravel.activities.files.TarGzExtractor} unpacks gzip
 * tar archives without letting an entry escape or exhaust the disk.
 */
package io.caravel.activities.providers.inline;
