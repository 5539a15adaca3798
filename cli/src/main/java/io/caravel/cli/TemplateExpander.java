package io.caravel.cli;

import io.caravel.api.errors.CaravelException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The subset of Go templates that {@code job run} applies to a spec, as Bacalhau does: only {@code
 * {{.Name}}} (spaces allowed inside the braces). An unknown variable or any other {@code {{...}}}
 * action is an error, as Go's {@code missingkey=error} makes it.
 */
final class TemplateExpander {
    private static final Pattern ACTION = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final Pattern VARIABLE = Pattern.compile("\\s*\\.([A-Za-z_][A-Za-z0-9_]*)\\s*");

    private final Map<String, String> variables;

    TemplateExpander(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /**
     * The variables from {@code -V k=v} pairs and the environment variables whose names match
     * {@code envPattern} ({@code *} means all; null or empty: none). {@code -V} wins over the
     * environment.
     *
     * @throws CaravelException BAD_ARGUMENT for a pair without {@code =} or a bad regular
     *     expression
     */
    static TemplateExpander of(List<String> pairs, String envPattern, Map<String, String> env) {
        Map<String, String> vars = new LinkedHashMap<>();
        if (envPattern != null && !envPattern.isEmpty()) {
            Pattern pattern;
            try {
                pattern = Pattern.compile("*".equals(envPattern) ? ".*" : envPattern);
            } catch (PatternSyntaxException e) {
                throw CaravelException.badArgument(
                        "--template-envs",
                        "not a regular expression: " + e.getDescription(),
                        "pass a Java regular expression such as '^APP_.*', or '*' for every variable");
            }
            env.forEach(
                    (k, v) -> {
                        if (pattern.matcher(k).matches()) {
                            vars.put(k, v);
                        }
                    });
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw CaravelException.badArgument(
                        "--template-vars",
                        "expected key=value, got '" + pair + "'",
                        "pass -V name=value, once per variable");
            }
            vars.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return new TemplateExpander(vars);
    }

    /**
     * {@code text} with every {@code {{.Name}}} replaced.
     *
     * @throws CaravelException BAD_ARGUMENT naming every unknown variable or unsupported action
     */
    String expand(String text) {
        Matcher m = ACTION.matcher(text);
        StringBuilder out = new StringBuilder();
        TreeSet<String> missing = new TreeSet<>();
        List<String> unsupported = new ArrayList<>();
        while (m.find()) {
            Matcher var = VARIABLE.matcher(m.group(1));
            String replacement = m.group();
            if (!var.matches()) {
                unsupported.add(m.group());
            } else if (!variables.containsKey(var.group(1))) {
                missing.add(var.group(1));
            } else {
                replacement = variables.get(var.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        if (!unsupported.isEmpty()) {
            throw CaravelException.badArgument(
                    "template",
                    "unsupported template action "
                            + unsupported.get(0)
                            + "; only {{.Name}} variables are supported",
                    "write the value directly, or pass --no-template to keep braces as they are");
        }
        if (!missing.isEmpty()) {
            throw CaravelException.badArgument(
                    "template",
                    "no value for template variable"
                            + (missing.size() > 1 ? "s " : " ")
                            + String.join(", ", missing),
                    "pass -V "
                            + missing.first()
                            + "=VALUE, -E with a pattern matching an environment variable, "
                            + "or --no-template");
        }
        return out.toString();
    }
}
