package io.caravel.api.errors;

/**
 * Every failure Caravel reports has one of these codes: the spec and client errors, what the node
 * activities raise, and what the workflow and its retry policies match. The code's name is also the
 * Temporal failure type ({@code ApplicationFailure.getType()}), so retry policies name codes rather
 * than exception classes.
 */
public enum ErrorCode {
    /** The job spec could not be read (syntax, size, encoding, types). Not retryable. */
    SPEC_UNREADABLE(false),
    /** The job spec was read but breaks one or more rules. Not retryable. */
    SPEC_INVALID(false),
    /** A value given on the command line (an input URI, a label, a selector ...) is malformed. */
    BAD_ARGUMENT(false),
    /** A type string (engine, source, publisher) has no provider on this node or client. */
    UNSUPPORTED_TYPE(false),
    /**
     * An archive of results holds an entry that could escape or exceed its output directory. Not
     * retryable.
     */
    UNSAFE_ARCHIVE(false),
    /**
     * A result file's name or a publisher's key cannot be published as a canonical storage key or
     * archive name (an empty, {@code .} or {@code ..} segment, a control character). Not retryable.
     */
    UNSAFE_NAME(false),
    /**
     * Results could not be fetched from where they were published (network, HTTP status).
     * Retryable.
     */
    DOWNLOAD_FAILED(true),
    /**
     * Downloaded results would overwrite a file that is already in the output directory. Not
     * retryable.
     */
    OUTPUT_EXISTS(false),
    /**
     * The task itself failed on the node (a WASM trap, a missing entrypoint, a module that cannot
     * be loaded or asks for a mode the engine does not offer). Not retryable: another node would
     * fail alike.
     */
    EXECUTION_FAILED(false),
    /**
     * A data service (an IPFS node, an HTTP server holding an input) could not be reached, timed
     * out or failed in a way that may pass (HTTP 5xx, connection refused). Retryable.
     */
    REMOTE_UNAVAILABLE(true),
    /**
     * A data service answered that it will not give what was asked (HTTP 4xx, an invalid CID) or
     * the data is over a configured limit. Not retryable: asking again gets the same answer.
     */
    REMOTE_REFUSED(false),
    /**
     * The node's outbound policy refuses a destination a job chose: a URL input (or one of its
     * redirects) or an S3 endpoint that is loopback, link-local, private, multicast ... and not
     * allow-listed by the node's operator, or an S3 endpoint not in the node's endpoint list. Not
     * retryable: the same destination is refused again.
     */
    DESTINATION_REFUSED(false),
    /**
     * A storage service (an S3 endpoint ...) could not be reached or failed on its side (5xx).
     * Retryable.
     */
    STORAGE_UNAVAILABLE(true),
    /**
     * A storage service refused the request: access denied, wrong credentials, a bad request. Not
     * retryable.
     */
    STORAGE_REFUSED(false),
    /** The bucket, object or object version asked for does not exist. Not retryable. */
    STORAGE_NOT_FOUND(false),
    /** The data read does not have the checksum the spec asked for. Not retryable. */
    CHECKSUM_MISMATCH(false),
    /** An input is larger than the disk the task requested. Not retryable. */
    INPUT_TOO_LARGE(false),
    /**
     * Something of the node itself failed (its Docker daemon, a network or firewall rule it sets
     * up): the task may well run elsewhere. Retryable.
     */
    NODE_FAILURE(true),
    /**
     * The execution's work was ended by the node's infrastructure, not by the task: its container
     * was killed by a daemon stop or restart, or by an operator ({@code docker kill}, {@code stop},
     * {@code rm -f}), so its exit code is not the program's result. Not retryable under the same
     * execution ID: the workflow places the partition again under a new one.
     */
    EXECUTION_LOST(false),
    /**
     * A node cannot take an execution now (not enough free resources, its runtime away); another
     * node may, or this one later. Retryable.
     */
    NODE_BUSY(true),
    /**
     * A node can never take an execution (labels, engine, network policy); another node may.
     * Retryable.
     */
    NODE_UNSUITABLE(true),
    /**
     * A node refused a claim whose request asked to hear refusals it does not know yet; the details
     * hold the refusal. Not retryable: it returns to the workflow, which records why the node
     * refused and claims again.
     */
    NODE_REFUSED(false),
    /**
     * The network policy of the node refuses the task's network mode. Not retryable on that node.
     */
    NETWORK_REFUSED(false),
    /** Staging an input failed. Retryable, unless the failure is marked otherwise. */
    STAGING_FAILED(true),
    /** Publishing failed. Retryable, unless the failure is marked otherwise. */
    PUBLISHING_FAILED(true),
    /**
     * The execution ran longer than its execution timeout and was killed. Not retryable: another
     * node would time out too.
     */
    EXECUTION_TIMEOUT(false),
    /**
     * The node stopped following a running execution but left its work (container) running for
     * re-attachment: the worker is stopping, or a newer attempt of the same execution took over.
     * Retryable: retried on the same node's queue within the node grace period.
     */
    NODE_INTERRUPTED(true);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether an operation that failed with this code may succeed when tried again unchanged. */
    public boolean retryable() {
        return retryable;
    }
}
