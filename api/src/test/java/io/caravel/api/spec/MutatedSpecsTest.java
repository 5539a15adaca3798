package io.caravel.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.caravel.api.errors.CaravelException;
import io.caravel.api.model.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Feeds 12,000 mutated specs through the whole pipeline (read, sanitise, normalise, validate,
 * write, read again). Each must either be accepted, and then survive a round trip unchanged, or be
 * refused with a {@link CaravelException}; any other exception fails the test and prints the input.
 * The seed is fixed, so a failure reproduces. The module's tests run with a 512 MiB heap (see
 * api/pom.xml), which bounds memory; the timeout bounds time.
 */
class MutatedSpecsTest {
    private static final long SEED = 20261128L;
    private static final int STRUCTURAL = 8_000;
    private static final int BYTE_LEVEL = 4_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String[] KEYS = {
        "Name",
        "Type",
        "Count",
        "Tasks",
        "Engine",
        "Params",
        "Image",
        "Env",
        "InputSources",
        "Source",
        "Target",
        "Alias",
        "ResultPaths",
        "Path",
        "Resources",
        "CPU",
        "Memory",
        "Disk",
        "GPU",
        "Network",
        "Domains",
        "Ports",
        "Static",
        "Timeouts",
        "ExecutionTimeout",
        "Publisher",
        "Bucket",
        "Key",
        "URL",
        "CID",
        "EntryModule",
        "Constraints",
        "Operator",
        "Values",
        "Labels",
        "Meta",
        "Namespace",
        "Partition",
        "Encoding",
        "ReadWrite",
        "CreateAs",
        "SourcePath",
        "State",
        "ID",
        "zzz",
        ""
    };

    private final Random random = new Random(SEED);
    private final List<Object> seeds = new ArrayList<>();
    private int accepted;
    private int refused;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void mutatedSpecsParseOrFailWithCaravelException() throws Exception {
        SpecDocumentParser parser = new SpecDocumentParser(SpecLimits.DEFAULT);
        try (var files = Files.list(Path.of("..", "examples"))) {
            for (Path p :
                    files.filter(f -> f.toString().matches(".*\\.(yaml|json)$"))
                            .sorted()
                            .toList()) {
                seeds.add(parser.parse(Files.readAllBytes(p)));
            }
        }
        for (int i = 0; i < STRUCTURAL; i++) {
            Object tree = deepCopy(seeds.get(random.nextInt(seeds.size())));
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                tree = mutate(tree, 0);
            }
            byte[] bytes = (random.nextBoolean() ? JSON : YAML).writeValueAsBytes(tree);
            check(bytes, "structural #" + i);
        }
        for (int i = 0; i < BYTE_LEVEL; i++) {
            byte[] base = YAML.writeValueAsBytes(seeds.get(random.nextInt(seeds.size())));
            check(mutateBytes(base), "byte-level #" + i);
        }
        for (String hostile : hostileDocuments()) {
            check(hostile.getBytes(StandardCharsets.UTF_8), "hostile");
        }
        assertThat(accepted + refused).isGreaterThanOrEqualTo(STRUCTURAL + BYTE_LEVEL);
        assertThat(accepted).as("some mutations stay valid").isPositive();
        assertThat(refused).as("most mutations are refused").isPositive();
    }

    private void check(byte[] input, String label) {
        try {
            Job job = JobSpecs.parseSpecFile(input).job();
            Job again = JobSpecs.parseSpecFile(JobSpecWriter.toSpecJson(job)).job();
            if (!again.equals(job)) {
                fail(
                        label
                                + ": round trip changed the job\n"
                                + new String(input, StandardCharsets.UTF_8)
                                + "\n--- first ---\n"
                                + job
                                + "\n--- again ---\n"
                                + again);
            }
            accepted++;
        } catch (CaravelException expected) {
            assertThat(expected.problems())
                    .as(label + " reports at least one problem")
                    .isNotEmpty();
            refused++;
        } catch (Throwable t) {
            throw new AssertionError(
                    label
                            + ": "
                            + t
                            + "\n--- input ---\n"
                            + new String(
                                    input, 0, Math.min(input.length, 4000), StandardCharsets.UTF_8),
                    t);
        }
    }

    @SuppressWarnings("unchecked")
    private Object mutate(Object node, int depth) {
        if (node instanceof Map<?, ?> m && !m.isEmpty() && random.nextInt(3) > 0 && depth < 12) {
            Map<String, Object> map = (Map<String, Object>) m;
            List<String> keys = new ArrayList<>(map.keySet());
            String key = keys.get(random.nextInt(keys.size()));
            switch (random.nextInt(5)) {
                case 0 -> map.put(key, mutate(map.get(key), depth + 1));
                case 1 -> map.remove(key);
                case 2 -> map.put(randomCase(KEYS[random.nextInt(KEYS.length)]), randomValue(0));
                case 3 -> {
                    Object v = map.remove(key);
                    map.put(randomCase(key), v);
                }
                default -> map.put(key, randomValue(0));
            }
            return map;
        }
        if (node instanceof List<?> l && !l.isEmpty() && random.nextInt(3) > 0 && depth < 12) {
            List<Object> list = (List<Object>) l;
            int i = random.nextInt(list.size());
            switch (random.nextInt(3)) {
                case 0 -> list.set(i, mutate(list.get(i), depth + 1));
                case 1 -> list.add(deepCopy(list.get(i)));
                default -> list.remove(i);
            }
            return list;
        }
        return randomValue(0);
    }

    private Object randomValue(int depth) {
        return switch (random.nextInt(depth > 3 ? 9 : 12)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextLong();
            case 3 -> random.nextInt(2000) - 1000;
            case 4 -> random.nextDouble() * 1e6;
            case 5 -> randomString();
            case 6 ->
                    pick(
                            "batch",
                            "ops",
                            "daemon",
                            "service",
                            "docker",
                            "wasm",
                            "noop",
                            "s3",
                            "ipfs",
                            "local",
                            "inline",
                            "urlDownload",
                            "HTTP",
                            "Bridge",
                            "Host",
                            "-1",
                            "500m",
                            "1.5m",
                            "5Gi",
                            "lots",
                            "/abs/path",
                            "relative",
                            "BACALHAU_X",
                            "env:HOME",
                            "data:,x",
                            "s3://b/k",
                            "example.com",
                            "my site.com",
                            "in",
                            "notin",
                            "exists",
                            "gt",
                            "!",
                            "{jobID}",
                            "",
                            " ");
            case 7 -> "x".repeat(random.nextInt(200_000));
            case 8 -> nested(random.nextInt(90));
            case 9 -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    m.put(randomCase(KEYS[random.nextInt(KEYS.length)]), randomValue(depth + 1));
                }
                yield m;
            }
            case 10 -> {
                List<Object> l = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    l.add(randomValue(depth + 1));
                }
                yield l;
            }
            default -> deepCopy(seeds.get(random.nextInt(seeds.size())));
        };
    }

    private Object nested(int depth) {
        Object v = "leaf";
        for (int i = 0; i < depth; i++) {
            v =
                    random.nextBoolean()
                            ? new ArrayList<>(List.of(v))
                            : new LinkedHashMap<>(Map.of("k", v));
        }
        return v;
    }

    private String randomString() {
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(20); i > 0; i--) {
            sb.appendCodePoint(
                    random.nextInt(10) == 0 ? random.nextInt(0x2FFFF) : 32 + random.nextInt(95));
        }
        return sb.toString().replaceAll("[\\uD800-\\uDFFF]", "?");
    }

    private String randomCase(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        for (char c : key.toCharArray()) {
            sb.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return sb.toString();
    }

    private byte[] mutateBytes(byte[] base) {
        byte[] out = base.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                for (int i = 1 + random.nextInt(8); i > 0; i--) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> out = java.util.Arrays.copyOf(out, random.nextInt(out.length));
            case 2 -> {
                int at = random.nextInt(out.length);
                byte[] insert =
                        pick(
                                        "&a ",
                                        "*a",
                                        "<<: *a\n",
                                        "- ",
                                        ": ",
                                        "{",
                                        "}",
                                        "[",
                                        "]",
                                        "!!binary ",
                                        "!!set ",
                                        "!custom ",
                                        "\t",
                                        "\u0000",
                                        "---\n",
                                        "? ",
                                        "|\n",
                                        "'",
                                        "\"",
                                        "\\u",
                                        "%YAML 1.1\n")
                                .getBytes(StandardCharsets.UTF_8);
                byte[] joined = new byte[out.length + insert.length];
                System.arraycopy(out, 0, joined, 0, at);
                System.arraycopy(insert, 0, joined, at, insert.length);
                System.arraycopy(out, at, joined, at + insert.length, out.length - at);
                out = joined;
            }
            case 3 -> out[random.nextInt(out.length)] = (byte) (0x80 | random.nextInt(0x7F));
            default -> {
                int a = random.nextInt(out.length);
                int b = random.nextInt(out.length);
                byte t = out[a];
                out[a] = out[b];
                out[b] = t;
            }
        }
        return out;
    }

    private static List<String> hostileDocuments() {
        List<String> docs = new ArrayList<>();
        StringBuilder laughs =
                new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            laughs.append("l").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                laughs.append(j == 0 ? "" : ", ").append("*l").append(i - 1);
            }
            laughs.append("]\n");
        }
        docs.add(laughs.toString());
        docs.add("a: &a [*a]\n");
        docs.add("Name: !!python/object:os.system ls\n");
        docs.add("Name: !!java.net.URL [http://127.0.0.1]\n");
        docs.add("[".repeat(100_000));
        docs.add("{\"Name\":" + "{\"a\":".repeat(5000) + "1" + "}".repeat(5001));
        docs.add("Name: .nan\nType: batch\n");
        docs.add("? [a, b]\n: c\n");
        docs.add("Tasks: " + "- ".repeat(1000) + "x\n");
        return docs;
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    @SuppressWarnings("unchecked")
    private static Object deepCopy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, val) -> out.put(k, deepCopy(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(e -> out.add(deepCopy(e)));
            return out;
        }
        return v;
    }
}
