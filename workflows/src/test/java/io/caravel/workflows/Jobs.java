package io.caravel.workflows;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Job documents for tests, written as the JSON a user would submit. */
final class Jobs {
    private Jobs() {}

    /**
     * A docker batch job of {@code count} partitions publishing locally, with {@code timeouts}
     * (JSON object).
     */
    static Map<String, Object> batch(int count, String timeouts) {
        return parse(
                """
                {"Name": "hello", "Type": "batch", "Count": %d,
                 "Tasks": [{"Name": "main",
                   "Engine": {"Type": "docker", "Params": {"Image": "busybox:1.36", "Parameters": ["echo", "hi"]}},
                   "Publisher": {"Type": "local"},
                   "Timeouts": %s}]}
                """
                        .formatted(count, timeouts));
    }

    static Map<String, Object> batch(int count) {
        return batch(count, "{}");
    }

    /**
     * A WASM job whose module (2 KiB of zeros after the WASM header, 2.7 KiB of base64) is its only
     * input, inline, as {@code caravel wasm run} sends it.
     */
    static Map<String, Object> wasmWithInlineModule() {
        byte[] module = new byte[2048];
        System.arraycopy(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}, 0, module, 0, 8);
        return parse(
                """
                {"Type": "batch", "Count": 1, "Tasks": [{"Name": "main",
                  "Engine": {"Type": "wasm", "Params": {"EntryModule": "/app/hello.wasm"}},
                  "InputSources": [{"Target": "/app/hello.wasm",
                    "Source": {"Type": "inline", "Params": {"URL": "%s"}}}]}]}"""
                        .formatted(
                                io.caravel.api.providers.inline.InlineSourceSpec.of(
                                                "application/wasm", module)
                                        .url()));
    }

    /**
     * A WASM batch job reading from every input source type (inline, urlDownload, s3, ipfs,
     * localDirectory) and publishing to S3.
     */
    static Map<String, Object> wasmReadingEverySource() {
        return parse(
                """
                {"Name": "every-source", "Type": "batch", "Count": 1,
                 "Tasks": [{"Name": "main",
                   "Engine": {"Type": "wasm", "Params": {"EntryModule": "/app/main.wasm", "Parameters": ["a"]}},
                   "InputSources": [
                     {"Target": "/app/main.wasm",
                      "Source": {"Type": "inline", "Params": {"URL": "data:application/wasm;base64,AGFzbQEAAAA="}}},
                     {"Target": "/inputs/page.html",
                      "Source": {"Type": "urlDownload", "Params": {"URL": "https://example.com/page.html"}}},
                     {"Alias": "corpus", "Target": "/inputs/corpus",
                      "Source": {"Type": "s3",
                                 "Params": {"Bucket": "datasets", "Key": "corpus/", "Region": "us-east-1"}}},
                     {"Target": "/inputs/previous",
                      "Source": {"Type": "ipfs",
                                 "Params": {"CID": "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"}}},
                     {"Target": "/inputs/shared",
                      "Source": {"Type": "localDirectory",
                                 "Params": {"SourcePath": "/data/shared", "ReadWrite": false}}}],
                   "ResultPaths": [{"Name": "outputs", "Path": "/outputs"}],
                   "Publisher": {"Type": "s3",
                                 "Params": {"Bucket": "results", "Key": "runs/{jobID}/{executionID}",
                                            "Region": "us-east-1"}}}]}
                """);
    }

    /** A noop batch job printing a line and publishing its outputs to IPFS. */
    static Map<String, Object> noopPublishingToIpfs() {
        return parse(
                """
                {"Name": "noop-ipfs", "Type": "batch", "Count": 1,
                 "Tasks": [{"Name": "main", "Engine": {"Type": "noop", "Params": {"Stdout": "hello"}},
                   "ResultPaths": [{"Name": "outputs", "Path": "/outputs"}],
                   "Publisher": {"Type": "ipfs"}}]}
                """);
    }

    /** A docker ops job (one execution on every eligible node) with the noop publisher. */
    static Map<String, Object> opsWithNoopPublisher() {
        return parse(
                """
                {"Name": "ops-noop", "Type": "ops",
                 "Tasks": [{"Name": "main",
                   "Engine": {"Type": "docker", "Params": {"Image": "busybox:1.36", "Parameters": ["uptime"]}},
                   "Publisher": {"Type": "noop"}}]}
                """);
    }

    /**
     * A job as a Bacalhau API client sends it: in the {@code {"job": ...}} wrapper, every key in
     * lower case.
     */
    static Map<String, Object> lowerCaseInTheApiWrapper() {
        return parse(
                """
                {"job": {"name": "lower", "type": "batch", "count": 1,
                  "tasks": [{"name": "main", "engine": {"type": "docker", "params": {"image": "busybox"}},
                             "publisher": {"type": "local"}}]},
                 "force": false}
                """);
    }

    /** A docker service job of {@code count} replicas, without a publisher. */
    static Map<String, Object> service(int count) {
        return parse(
                """
                {"Name": "web", "Type": "service", "Count": %d,
                 "Tasks": [{"Name": "main",
                   "Engine": {"Type": "docker", "Params": {"Image": "busybox:1.36", "Parameters": ["httpd", "-f"]}}}]}
                """
                        .formatted(count));
    }

    /** A docker daemon job (one execution on every node that can run it), Count left out. */
    static Map<String, Object> daemon() {
        return parse(
                """
                {"Name": "agent", "Type": "daemon",
                 "Tasks": [{"Name": "main",
                   "Engine": {"Type": "docker", "Params": {"Image": "busybox:1.36", "Parameters": ["sleep", "1000"]}}}]}
                """);
    }

    /** The first task of a job document, to change in place. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> task(Map<String, Object> job) {
        return ((List<Map<String, Object>>) job.get("Tasks")).get(0);
    }

    static Map<String, Object> parse(String json) {
        try {
            return CaravelDataConverter.mapper()
                    .readValue(json, new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
