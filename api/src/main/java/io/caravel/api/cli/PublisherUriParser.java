package io.caravel.api.cli;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.model.SpecConfig;
import io.caravel.api.params.SpecTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code -p/--publisher} grammar. A value is a comma-separated record whose first field may be
 * a bare publisher URI or type, followed by keyed fields {@code target|dst|destination=URI} and
 * {@code opt|option=KEY=VALUE}. Publishers: {@code ipfs}, {@code local}, {@code s3managed}, {@code
 * noop}, and {@code s3} given as {@code s3://BUCKET/KEY} and/or options.
 */
public final class PublisherUriParser {
    static final String FLAG = "--publisher";
    private static final String HINT =
            "write -p TYPE or -p s3://BUCKET/KEY[,opt=KEY=VALUE], with TYPE one of"
                    + " ipfs, local, s3, s3managed, noop";
    private static final String ACCEPTED_KEYS = "target, dst, destination, opt, option";

    private PublisherUriParser() {}

    /**
     * Parses one {@code -p} value into a publisher spec. For {@code s3} the params use Bacalhau's
     * CLI keys: lower-case {@code bucket} and {@code key} taken from the URI, plus every option
     * with its key as written (for instance {@code region}, {@code endpoint}, {@code encoding});
     * the URI's bucket and key win over options of the same name. The other publishers take no
     * parameters.
     *
     * @throws CaravelException ({@code BAD_ARGUMENT}) for an empty value, a malformed record, an
     *     unexpected key, an unknown publisher type, or a path or options given to a publisher that
     *     takes none
     */
    public static SpecConfig parse(String flagValue) {
        String value = flagValue == null ? "" : flagValue.trim();
        if (value.isEmpty()) {
            throw CaravelException.badArgument(
                    FLAG, "the publisher is empty; expected a type or URI", HINT);
        }
        String uri = "";
        Map<String, Object> options = new LinkedHashMap<>();
        List<String> fields = CsvFields.split(FLAG, value);
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i);
            if (i == 0 && UriFields.isBareUri(field)) {
                uri = field;
                continue;
            }
            UriFields.Keyed keyed = UriFields.keyed(FLAG, field, ACCEPTED_KEYS, HINT);
            switch (keyed.key()) {
                case "target", "dst", "destination" -> uri = keyed.value();
                case "opt", "option" -> {
                    UriFields.Keyed option = UriFields.option(FLAG, keyed.value(), HINT);
                    options.put(option.key(), option.value());
                }
                default -> throw UriFields.unexpectedKey(FLAG, keyed, field, ACCEPTED_KEYS, HINT);
            }
        }
        uri = uri.trim();
        if (uri.isEmpty()) {
            throw CaravelException.badArgument(
                    FLAG, "no publisher type or URI in \"" + value + "\"", HINT);
        }
        boolean hasScheme = uri.contains("://");
        UriFields.SchemeAndRest parts = UriFields.schemeAndRest(uri);
        String type = hasScheme ? parts.scheme() : uri.toLowerCase(Locale.ROOT);
        String rest = hasScheme ? parts.rest() : "";
        return switch (type) {
            case "s3" -> s3(rest, options);
            case "ipfs" -> noParams(SpecTypes.PUBLISHER_IPFS, uri, rest, options);
            case "local" -> noParams(SpecTypes.PUBLISHER_LOCAL, uri, rest, options);
            case "s3managed" -> noParams(SpecTypes.PUBLISHER_S3_MANAGED, uri, rest, options);
            // Bacalhau's CLI refuses noop; Caravel accepts it because its tests and defaults use
            // it.
            case "noop" -> noParams(SpecTypes.PUBLISHER_NOOP, uri, rest, options);
            default ->
                    throw CaravelException.badArgument(
                            FLAG,
                            "unknown publisher type: "
                                    + type
                                    + " (in \""
                                    + uri
                                    + "\"); accepted types: ipfs, local, s3, s3managed, noop",
                            HINT);
        };
    }

    private static SpecConfig s3(String rest, Map<String, Object> options) {
        Map<String, Object> params = new LinkedHashMap<>(options);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (!bucket.isEmpty()) {
            params.put("bucket", bucket);
        }
        if (!key.isEmpty()) {
            params.put("key", key);
        }
        return SpecConfig.of(SpecTypes.PUBLISHER_S3, params);
    }

    private static SpecConfig noParams(
            String type, String uri, String rest, Map<String, Object> options) {
        if (!rest.isEmpty()) {
            throw CaravelException.badArgument(
                    FLAG,
                    "publisher "
                            + type
                            + " takes no path, but \""
                            + uri
                            + "\" has one; write -p "
                            + type,
                    HINT);
        }
        if (!options.isEmpty()) {
            throw CaravelException.badArgument(
                    FLAG,
                    "publisher "
                            + type
                            + " takes no options, but option \""
                            + options.keySet().iterator().next()
                            + "\" was given",
                    HINT);
        }
        return SpecConfig.of(type);
    }
}
