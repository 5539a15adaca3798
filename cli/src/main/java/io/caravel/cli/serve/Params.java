package io.caravel.cli.serve;

import io.caravel.api.cli.ConstraintsParser;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.model.LabelSelectorRequirement;
import io.caravel.workflows.placement.LabelSelectors;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/** Reading the query parameters the list endpoints share. */
final class Params {
    private Params() {}

    /** A parameter, trimmed and lower-cased; absent is empty. */
    static String lower(Context ctx, String name) {
        String s = ctx.queryParam(name);
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The {@code labels} parameters (Kubernetes label selectors, as Bacalhau's clients send them)
     * as a test of a label map: every one must match.
     */
    static Predicate<Map<String, String>> labels(Context ctx) {
        List<LabelSelectorRequirement> requirements = new ArrayList<>();
        for (String selector : ctx.queryParams("labels")) {
            try {
                requirements.addAll(ConstraintsParser.parse(selector));
            } catch (CaravelException e) {
                throw ApiError.badRequest(
                        "labels: " + e.getMessage(),
                        "pass a label selector such as env=prod,tier!=db");
            }
        }
        return labels -> LabelSelectors.matchesAll(requirements, labels);
    }
}
