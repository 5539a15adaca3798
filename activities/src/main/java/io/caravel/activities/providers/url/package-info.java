/**
 * The {@code url} family's node half: the {@code urlDownload} source ({@code UrlDownloadSource},
 * {@code HttpDownloader}). See docs/providers.md.
 */
package io.caravel.activities.providers.url;
