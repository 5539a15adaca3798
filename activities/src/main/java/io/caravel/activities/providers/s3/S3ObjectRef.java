package io.caravel.activities.providers.s3;

/**
 * One object to download.
 *
 * @param key the object key
 * @param size its size in bytes
 * @param eTag its ETag; downloads are pinned to it (If-Match)
 * @param versionId the version to read; empty for the current one
 * @param localPath where it lands, relative to the input's directory, {@code /}-separated
 */
public record S3ObjectRef(String key, long size, String eTag, String versionId, String localPath) {}
