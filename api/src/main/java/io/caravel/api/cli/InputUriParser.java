package io.caravel.api.cli;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.model.InputSource;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.SpecTypes;
import io.caravel.api.providers.ipfs.IpfsParams;
import io.caravel.api.providers.local.LocalParams;
import io.caravel.api.providers.s3.S3Params;
import io.caravel.api.providers.url.UrlParams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code -i/--input} grammar. A value is a comma-separated record whose first field may be a
 * bare {@code URI[:TARGET]}, followed by keyed fields {@code src|source=URI}, {@code
 * dst|target|destination=PATH} and {@code opt|option=KEY=VALUE}. Supported URIs are {@code
 * ipfs://CID}, {@code http(s)://...}, {@code s3://BUCKET/KEY} and {@code file://PATH}.
 */
public final class InputUriParser {
    /** Where an input is mounted when no target is given. */
    public static final String DEFAULT_TARGET = "/inputs";

    static final String FLAG = "--input";
    private static final String HINT =
            "write -i URI[:TARGET] or -i src=URI,dst=TARGET[,opt=KEY=VALUE], with URI one of"
                    + " ipfs://CID, https://HOST/PATH, s3://BUCKET/KEY, file:///PATH";
    private static final String ACCEPTED_KEYS =
            "src, source, dst, target, destination, opt, option";

    private InputUriParser() {}

    /**
     * Parses one {@code -i} value into an input source whose Alias is the source URI and whose
     * Target is the given destination or {@value #DEFAULT_TARGET}.
     *
     * <p>In a bare first field the target is split off at the last {@code :} after the {@code
     * scheme://}, so {@code s3://b/a:b:c:/mnt} reads key {@code a:b:c} and target {@code /mnt}; a
     * URI with a port and no target ({@code https://h:9000/f}) must use {@code src=}. A later
     * {@code dst=} wins over a target in the first field.
     *
     * @throws CaravelException ({@code BAD_ARGUMENT}) for an empty value, a malformed record, an
     *     unexpected key, a missing source, an unknown or unsupported scheme, an invalid URI for
     *     its scheme, or an option the scheme does not accept
     */
    public static InputSource parse(String flagValue) {
        return parse(flagValue, DEFAULT_TARGET);
    }

    /**
     * As {@link #parse(String)}, with {@code defaultTarget} where the value gives no target ({@code
     * wasm run} mounts its module at {@code main.wasm}; an empty default leaves the Target empty
     * for the caller to reject).
     */
    public static InputSource parse(String flagValue, String defaultTarget) {
        String value = flagValue == null ? "" : flagValue.trim();
        if (value.isEmpty()) {
            throw CaravelException.badArgument(
                    FLAG, "the input is empty; expected a source URI", HINT);
        }
        String source = "";
        String target = "";
        Map<String, String> options = new LinkedHashMap<>();
        List<String> fields = CsvFields.split(FLAG, value);
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i);
            if (i == 0 && UriFields.isBareUri(field)) {
                String[] uriAndTarget = splitTarget(field);
                source = uriAndTarget[0];
                target = uriAndTarget[1];
                continue;
            }
            UriFields.Keyed keyed = UriFields.keyed(FLAG, field, ACCEPTED_KEYS, HINT);
            switch (keyed.key()) {
                case "src", "source" -> source = keyed.value();
                case "dst", "target", "destination" -> target = keyed.value();
                case "opt", "option" -> {
                    UriFields.Keyed option = UriFields.option(FLAG, keyed.value(), HINT);
                    options.put(option.key().toLowerCase(Locale.ROOT), option.value());
                }
                default -> throw UriFields.unexpectedKey(FLAG, keyed, field, ACCEPTED_KEYS, HINT);
            }
        }
        source = source.trim();
        if (source.isEmpty()) {
            throw CaravelException.badArgument(FLAG, "no source URI in \"" + value + "\"", HINT);
        }
        target = target.trim();
        return new InputSource(
                sourceSpec(source, options), source, target.isEmpty() ? defaultTarget : target);
    }

    /** Splits {@code URI[:TARGET]} at the last colon after {@code scheme://}. */
    private static String[] splitTarget(String field) {
        int schemeEnd = field.indexOf("://");
        int restStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
        int colon = field.lastIndexOf(':');
        if (colon < restStart) {
            return new String[] {field, ""};
        }
        return new String[] {field.substring(0, colon), field.substring(colon + 1)};
    }

    private static SpecConfig sourceSpec(String uri, Map<String, String> options) {
        UriFields.SchemeAndRest parts = UriFields.schemeAndRest(uri);
        return switch (parts.scheme()) {
            case "ipfs" -> ipfs(uri, parts.rest(), options);
            case "http", "https" -> urlDownload(uri, parts.rest(), options);
            case "s3" -> s3(uri, parts.rest(), options);
            case "file" -> local(uri, parts.rest(), options);
            case "git", "gitlfs" ->
                    throw CaravelException.badArgument(
                            FLAG,
                            parts.scheme() + " inputs are not supported (in \"" + uri + "\")",
                            HINT);
            default ->
                    throw CaravelException.badArgument(
                            FLAG,
                            "unknown storage schema: "
                                    + parts.scheme()
                                    + " (in \""
                                    + uri
                                    + "\"); accepted schemes: ipfs, http, https, s3, file",
                            HINT);
        };
    }

    private static SpecConfig ipfs(String uri, String cid, Map<String, String> options) {
        if (cid.isEmpty()
                || cid.indexOf('/') >= 0
                || cid.chars().anyMatch(InputUriParser::isSpaceOrControl)) {
            throw CaravelException.badArgument(
                    FLAG, "invalid IPFS URI \"" + uri + "\": expected ipfs://CID", HINT);
        }
        noOptions(uri, "ipfs", options);
        return SpecConfig.of(SpecTypes.SOURCE_IPFS, Map.of(IpfsParams.CID, cid));
    }

    private static SpecConfig urlDownload(String uri, String rest, Map<String, String> options) {
        String hostProblem = hostProblem(rest);
        if (hostProblem != null) {
            throw CaravelException.badArgument(
                    FLAG, "invalid URL \"" + uri + "\": " + hostProblem, HINT);
        }
        noOptions(uri, UrlParams.URL, options);
        return SpecConfig.of(SpecTypes.SOURCE_URL_DOWNLOAD, Map.of(UrlParams.URL, uri));
    }

    /** Checks the authority of an http(s) URL the way Go's URL parser would reject it, or null. */
    private static String hostProblem(String rest) {
        if (rest.chars().anyMatch(InputUriParser::isControl)) {
            return "it contains a control character";
        }
        int end = rest.length();
        for (char stop : new char[] {'/', '?', '#'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String authority = rest.substring(0, end);
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        String host = hostPort;
        String port = "";
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return "the IPv6 host is missing its ']'";
            }
            host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                return "unexpected text after the IPv6 host";
            }
            port = after.isEmpty() ? "" : after.substring(1);
        } else if (hostPort.lastIndexOf(':') >= 0) {
            host = hostPort.substring(0, hostPort.lastIndexOf(':'));
            port = hostPort.substring(hostPort.lastIndexOf(':') + 1);
        }
        if (host.isEmpty()) {
            return "it has no host";
        }
        if (host.chars().anyMatch(c -> isSpaceOrControl(c) || "<>\"{}|\\^`".indexOf(c) >= 0)) {
            return "the host \"" + host + "\" contains a character not allowed in a host name";
        }
        if (!port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "the port \"" + port + "\" is not a number";
        }
        return null;
    }

    private static SpecConfig s3(String uri, String rest, Map<String, String> options) {
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw CaravelException.badArgument(
                    FLAG,
                    "invalid S3 URI \"" + uri + "\": expected s3://BUCKET[/KEY] with a bucket",
                    HINT);
        }
        // Every key is present, empty when not given, as Bacalhau's CLI writes them.
        Map<String, Object> params = new LinkedHashMap<>();
        params.put(S3Params.BUCKET, bucket);
        params.put(S3Params.KEY, key);
        params.put(S3Params.REGION, "");
        params.put(S3Params.ENDPOINT, "");
        params.put(S3Params.CHECKSUM_SHA256, "");
        params.put(S3Params.VERSION_ID, "");
        params.put(S3Params.FILTER, "");
        for (Map.Entry<String, String> option : options.entrySet()) {
            String param =
                    switch (option.getKey()) {
                        case "endpoint" -> S3Params.ENDPOINT;
                        case "region" -> S3Params.REGION;
                        case "versionid", "version-id", "version_id" -> S3Params.VERSION_ID;
                        case "checksum-256", "checksum256", "checksum_256" ->
                                S3Params.CHECKSUM_SHA256;
                        case "filter" -> S3Params.FILTER;
                        default ->
                                throw CaravelException.badArgument(
                                        FLAG,
                                        "unknown option \""
                                                + option.getKey()
                                                + "\" for s3 input \""
                                                + uri
                                                + "\"; accepted options: endpoint, region, version-id,"
                                                + " checksum-256, filter",
                                        HINT);
                    };
            params.put(param, option.getValue());
        }
        return SpecConfig.of(SpecTypes.SOURCE_S3, params);
    }

    private static SpecConfig local(String uri, String hostAndPath, Map<String, String> options) {
        if (hostAndPath.isEmpty()) {
            throw CaravelException.badArgument(
                    FLAG, "invalid file URI \"" + uri + "\": expected file:///ABSOLUTE/PATH", HINT);
        }
        boolean readWrite = false;
        for (Map.Entry<String, String> option : options.entrySet()) {
            switch (option.getKey()) {
                case "rw", "read-write", "read_write", "readwrite" ->
                        readWrite = parseBool(uri, option);
                default ->
                        throw CaravelException.badArgument(
                                FLAG,
                                "unknown option \""
                                        + option.getKey()
                                        + "\" for file input \""
                                        + uri
                                        + "\"; accepted options: rw (read-write, read_write,"
                                        + " readwrite)",
                                HINT);
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put(LocalParams.SOURCE_PATH, hostAndPath);
        params.put(LocalParams.READ_WRITE, readWrite);
        return SpecConfig.of(SpecTypes.SOURCE_LOCAL, params);
    }

    /** Accepts the spellings Go's strconv.ParseBool does. */
    private static boolean parseBool(String uri, Map.Entry<String, String> option) {
        return switch (option.getValue()) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default ->
                    throw CaravelException.badArgument(
                            FLAG,
                            "invalid value \""
                                    + option.getValue()
                                    + "\" for option \""
                                    + option.getKey()
                                    + "\" of \""
                                    + uri
                                    + "\"; accepted: true, false",
                            HINT);
        };
    }

    private static void noOptions(String uri, String kind, Map<String, String> options) {
        if (!options.isEmpty()) {
            throw CaravelException.badArgument(
                    FLAG,
                    "unknown option \""
                            + options.keySet().iterator().next()
                            + "\" for "
                            + kind
                            + " input \""
                            + uri
                            + "\"; "
                            + kind
                            + " inputs take no options",
                    HINT);
        }
    }

    private static boolean isControl(int c) {
        return c < 0x20 || c == 0x7f;
    }

    private static boolean isSpaceOrControl(int c) {
        return isControl(c) || Character.isWhitespace(c);
    }
}
