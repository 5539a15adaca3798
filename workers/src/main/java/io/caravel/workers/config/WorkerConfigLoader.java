package io.caravel.workers.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.caravel.activities.settings.Setting;
import io.caravel.activities.settings.SettingValue;
import io.caravel.api.errors.Problem;
import io.caravel.api.spec.Suggestions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the worker configuration from its layers, each overriding the one before: the defaults of
 * {@link WorkerConfig}, a YAML file, the environment ({@code CARAVEL_*}), then flags ({@code
 * --key=value}). Every problem of every layer is reported at once, each naming the key and where it
 * was set.
 */
public final class WorkerConfigLoader {
    /** Prefix of the environment variables read. */
    public static final String ENV_PREFIX = Setting.ENV_PREFIX;

    /** Environment variable naming the YAML file when no {@link #CONFIG_FLAG} is given. */
    public static final String CONFIG_ENV = "CARAVEL_CONFIG";

    /** Flag naming the YAML file. */
    public static final String CONFIG_FLAG = "--config";

    private static final Logger LOG = LoggerFactory.getLogger(WorkerConfigLoader.class);
    private static final YAMLMapper YAML =
            YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private WorkerConfigLoader() {}

    /** The command line of the worker: a config file, key overrides, or a request for help. */
    public record CommandLine(Optional<Path> configFile, Map<String, String> flags, boolean help) {
        public CommandLine {
            flags = Map.copyOf(flags);
        }
    }

    /**
     * Reads {@code --config FILE} (or {@code --config=FILE}), {@code --help}, and {@code
     * --key=value} for every key of {@link WorkerSettings} (a bare {@code --key} means {@code
     * true}). A repeated flag keeps its last value.
     *
     * @throws InvalidConfigException for an unknown flag or an argument that is not a flag
     */
    public static CommandLine parseArgs(String... args) {
        Map<String, String> flags = new LinkedHashMap<>();
        Path config = null;
        boolean help = false;
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (arg.equals(CONFIG_FLAG)) {
                if (i + 1 >= args.length) {
                    problems.add(new Problem(CONFIG_FLAG, "needs a file: --config worker.yaml"));
                } else {
                    config = Path.of(args[++i]);
                }
                continue;
            }
            if (arg.startsWith(CONFIG_FLAG + "=")) {
                config = Path.of(arg.substring(CONFIG_FLAG.length() + 1));
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                problems.add(
                        new Problem(arg, "not a flag; write --key=value, e.g. --node-id=gpu-1"));
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            Optional<Setting<?>> key = WorkerSettings.find(name);
            if (key.isEmpty()) {
                problems.add(
                        new Problem(
                                "--" + name,
                                "unknown flag; accepted: "
                                        + CONFIG_FLAG
                                        + ", "
                                        + flagNames()
                                        + Suggestions.didYouMean("--" + name, flagList())));
                continue;
            }
            flags.put(key.get().key(), eq < 0 ? "true" : arg.substring(eq + 1));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new CommandLine(Optional.ofNullable(config), flags, help);
    }

    /**
     * Loads the configuration of a worker started with {@code args} in the environment {@code env}.
     */
    public static WorkerConfig fromCommandLine(CommandLine commandLine, Map<String, String> env) {
        Optional<Path> file =
                commandLine
                        .configFile()
                        .or(
                                () ->
                                        Optional.ofNullable(env.get(CONFIG_ENV))
                                                .filter(s -> !s.isBlank())
                                                .map(Path::of));
        return load(file, env, commandLine.flags());
    }

    /**
     * Merges the layers.
     *
     * @param file the YAML file, if any; it must exist
     * @param env the environment; only {@code CARAVEL_*} variables that name a key are read, others
     *     are ignored (the CLI shares the prefix)
     * @param flags values by key name, as {@link #parseArgs} gives them
     * @throws InvalidConfigException listing every problem of every layer
     */
    public static WorkerConfig load(
            Optional<Path> file, Map<String, String> env, Map<String, String> flags) {
        return load(WorkerConfig.builder(), file, env, flags);
    }

    /**
     * Merges the layers onto {@code base} instead of the defaults of {@link WorkerConfig}: an
     * embedded worker's own defaults (its node id, its engines), which the file, the environment
     * and the flags override as they override the defaults.
     *
     * @throws InvalidConfigException listing every problem of every layer
     */
    public static WorkerConfig load(
            WorkerConfig.Builder base,
            Optional<Path> file,
            Map<String, String> env,
            Map<String, String> flags) {
        WorkerConfig.Builder builder = base;
        Map<Setting<?>, String> origins = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        if (file.isPresent()) {
            Map<Setting<?>, Object> values = readYaml(file.get(), problems);
            String origin = "in " + file.get();
            values.forEach((key, value) -> apply(builder, key, value, origin, origins, problems));
        }
        env.entrySet().stream()
                .filter(e -> e.getKey().startsWith(ENV_PREFIX) && !e.getKey().equals(CONFIG_ENV))
                .sorted(Map.Entry.comparingByKey())
                .forEach(
                        e -> {
                            Optional<Setting<?>> key =
                                    WorkerSettings.find(e.getKey().substring(ENV_PREFIX.length()));
                            if (key.isPresent()) {
                                apply(
                                        builder,
                                        key.get(),
                                        e.getValue(),
                                        "from " + e.getKey(),
                                        origins,
                                        problems);
                            } else {
                                LOG.debug(
                                        "Ignoring environment variable {}: it names no worker configuration key",
                                        e.getKey());
                            }
                        });
        flags.forEach(
                (name, value) -> {
                    Setting<?> key =
                            WorkerSettings.find(name)
                                    .orElseThrow(
                                            () ->
                                                    new InvalidConfigException(
                                                            List.of(
                                                                    new Problem(
                                                                            "--" + name,
                                                                            "unknown flag; accepted: "
                                                                                    + flagNames()))));
                    apply(builder, key, value, "from " + key.flag(), origins, problems);
                });
        try {
            WorkerConfig config = builder.build();
            if (problems.isEmpty()) {
                return config;
            }
        } catch (InvalidConfigException e) {
            for (Problem p : e.problems()) {
                String origin = WorkerSettings.find(p.path()).map(origins::get).orElse(null);
                problems.add(
                        origin == null
                                ? p
                                : new Problem(p.path() + " (" + origin + ")", p.message()));
            }
        }
        throw new InvalidConfigException(problems);
    }

    private static void apply(
            WorkerConfig.Builder builder,
            Setting<?> key,
            Object value,
            String origin,
            Map<Setting<?>, String> origins,
            List<Problem> problems) {
        try {
            builder.apply(key, new SettingValue(value));
            origins.put(key, origin);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(key.key() + " (" + origin + ")", e.getMessage()));
        }
    }

    private static Map<Setting<?>, Object> readYaml(Path file, List<Problem> problems) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            problems.add(new Problem(file.toString(), "the configuration file does not exist"));
            return values;
        } catch (JsonProcessingException e) {
            problems.add(
                    new Problem(
                            file.toString(),
                            "not valid YAML: "
                                    + e.getOriginalMessage()
                                    + (e.getLocation() == null
                                            ? ""
                                            : " (line " + e.getLocation().getLineNr() + ")")));
            return values;
        } catch (IOException e) {
            problems.add(new Problem(file.toString(), "cannot be read: " + e.getMessage()));
            return values;
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return values;
        }
        if (!root.isObject()) {
            problems.add(
                    new Problem(
                            file.toString(),
                            "must be a YAML map of keys to values, e.g."
                                    + " \"nodeId: gpu-1\"; accepted keys: "
                                    + String.join(", ", WorkerSettings.names())));
            return values;
        }
        Map<Setting<?>, String> spelling = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            Optional<Setting<?>> key = WorkerSettings.find(name);
            if (key.isEmpty()) {
                problems.add(
                        new Problem(
                                name + " (in " + file + ")",
                                "unknown key; accepted keys: "
                                        + String.join(", ", WorkerSettings.names())
                                        + Suggestions.didYouMean(name, WorkerSettings.names())));
                continue;
            }
            String earlier = spelling.put(key.get(), name);
            if (earlier != null) {
                problems.add(
                        new Problem(
                                name + " (in " + file + ")",
                                "the key "
                                        + key.get().key()
                                        + " is given twice, as "
                                        + earlier
                                        + " and "
                                        + name
                                        + "; keep one"));
                continue;
            }
            JsonNode node = field.getValue();
            if (node.isNull()) {
                continue;
            }
            try {
                values.put(key.get(), plain(node));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(key.get().key() + " (in " + file + ")", e.getMessage()));
            }
        }
        return values;
    }

    /** A YAML value as a String, a List of Strings or a Map of Strings. */
    private static Object plain(JsonNode node) {
        if (node.isValueNode()) {
            return node.asText();
        }
        if (node.isArray()) {
            List<String> out = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isValueNode()) {
                    throw new IllegalArgumentException(
                            "a list may hold only single values, got " + item);
                }
                out.add(item.asText());
            }
            return out;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isValueNode()) {
                throw new IllegalArgumentException(
                        "a map may hold only single values, got "
                                + e.getKey()
                                + ": "
                                + e.getValue());
            }
            out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
        }
        return out;
    }

    private static List<String> flagList() {
        return WorkerSettings.flags();
    }

    private static String flagNames() {
        return String.join(", ", flagList());
    }
}
