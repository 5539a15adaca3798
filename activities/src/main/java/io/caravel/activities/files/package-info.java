/**
 * File-system helpers shared by the node's activities and the result download: {@link
 * io.caravel.activities.files.FileTrees} and the one safe tar.gz extractor, {@link
 * io.caravel.activities.files.TarGzExtractor}.
 */
package io.caravel.activities.files;
