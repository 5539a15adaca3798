package io.caravel.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code caravel} in-process (each setter returns a new Cli) with captured output, as a user
 * would on the command line.
 */
final class Cli {
    private final String address;
    private final String stdin;
    private final Map<String, String> env;
    private final StringWriter live;

    private Cli(String address, String stdin, Map<String, String> env, StringWriter live) {
        this.address = address;
        this.stdin = stdin;
        this.env = env;
        this.live = live;
    }

    /** A CLI whose commands go to {@code address} (null: the command line's own default). */
    static Cli at(String address) {
        return new Cli(address, "", Map.of(), null);
    }

    Cli stdin(String text) {
        return new Cli(address, text, env, live);
    }

    Cli env(Map<String, String> variables) {
        return new Cli(address, stdin, variables, live);
    }

    /** Writes stdout to {@code out} as it is printed, for a test that watches a running command. */
    Cli output(StringWriter out) {
        return new Cli(address, stdin, env, out);
    }

    Result run(String... args) {
        StringWriter out = live != null ? live : new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>();
        if (address != null) {
            all.add("--address=" + address);
        }
        all.addAll(List.of(args));
        int code =
                CaravelCommand.execute(
                        all.toArray(String[]::new),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        env);
        return new Result(code, out.toString(), err.toString());
    }

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
