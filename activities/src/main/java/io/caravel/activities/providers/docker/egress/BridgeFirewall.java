package io.caravel.activities.providers.docker.egress;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host's INPUT rules for one egress bridge: packets that containers on it send to the host
 * itself are dropped, except TCP to the proxy's port on the gateway address.
 *
 * <p>Docker's {@code Internal} network only stops forwarding off the bridge (its FORWARD rules);
 * traffic addressed to the host is delivered locally, so without these rules a job could reach any
 * service listening on a wildcard address of the worker's host, at any of the host's addresses
 * (verified on dockerd 20.10: a container on an internal network reached a listener on the docker0
 * address). IPv6 is dropped entirely on the bridge. Rules carry an iptables comment naming the
 * execution's network, which is how they are found again and removed.
 *
 * <p>Needs the {@code iptables} and {@code ip6tables} commands and the right to change the host's
 * rules (root or CAP_NET_ADMIN), as Docker itself does.
 */
final class BridgeFirewall {
    /** How long one iptables command may take, including the wait for the xtables lock. */
    static final long COMMAND_TIMEOUT_SECONDS = 30;

    private BridgeFirewall() {}

    /**
     * Replaces any rules tagged {@code tag} with those admitting only {@code gateway:port} from
     * {@code bridge}.
     */
    static void admitOnly(String bridge, InetAddress gateway, int port, String tag)
            throws IOException {
        remove(tag);
        // Inserted at the top of INPUT in reverse order, so the ACCEPT ends up before the DROP.
        run(
                "iptables",
                "-I",
                "INPUT",
                "1",
                "-i",
                bridge,
                "-m",
                "comment",
                "--comment",
                tag,
                "-j",
                "DROP");
        run(
                "iptables",
                "-I",
                "INPUT",
                "1",
                "-i",
                bridge,
                "-d",
                gateway.getHostAddress(),
                "-p",
                "tcp",
                "--dport",
                Integer.toString(port),
                "-m",
                "comment",
                "--comment",
                tag,
                "-j",
                "ACCEPT");
        run(
                "ip6tables",
                "-I",
                "INPUT",
                "1",
                "-i",
                bridge,
                "-m",
                "comment",
                "--comment",
                tag,
                "-j",
                "DROP");
    }

    /**
     * Removes every INPUT rule tagged {@code tag} from the IPv4 and IPv6 tables; absent rules are
     * fine.
     */
    static void remove(String tag) throws IOException {
        for (String tool : List.of("iptables", "ip6tables")) {
            for (String rule : tagged(tool, tag)) {
                List<String> delete = new ArrayList<>(List.of(tool, "-D"));
                // "-A INPUT -i br -m comment --comment tag -j DROP" with -A dropped: the rule's own
                // spec.
                delete.addAll(splitRule(rule.substring(3)));
                run(delete.toArray(String[]::new));
            }
        }
    }

    /** The INPUT rules (as {@code iptables -S} prints them) that carry {@code tag}. */
    static List<String> tagged(String tool, String tag) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : run(tool, "-S", "INPUT").split("\n")) {
            if (line.startsWith("-A ") && splitRule(line).contains(tag)) {
                out.add(line);
            }
        }
        return out;
    }

    /**
     * Splits an {@code iptables -S} line into arguments; the tags this class writes never need
     * quoting.
     */
    private static List<String> splitRule(String rule) {
        List<String> args = new ArrayList<>();
        for (String a : rule.trim().split("\\s+")) {
            args.add(
                    a.length() > 1 && a.startsWith("\"") && a.endsWith("\"")
                            ? a.substring(1, a.length() - 1)
                            : a);
        }
        return args;
    }

    private static String run(String... command) throws IOException {
        List<String> args = new ArrayList<>(List.of(command));
        args.add(1, "-w"); // wait for the xtables lock rather than fail when Docker holds it
        // Output goes to a file so a long rule listing can never fill a pipe and stall the command.
        Path log = Files.createTempFile("caravel-iptables", ".out");
        String output;
        Process p =
                new ProcessBuilder(args)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(
                        String.join(" ", args)
                                + " did not finish within "
                                + COMMAND_TIMEOUT_SECONDS
                                + "s");
            }
            output = Files.readString(log, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", args), e);
        } finally {
            Files.deleteIfExists(log);
        }
        if (p.exitValue() != 0) {
            throw new IOException(
                    String.join(" ", args)
                            + " failed (exit "
                            + p.exitValue()
                            + "): "
                            + output.trim()
                            + "; the worker needs iptables and the right to change the host's firewall (root or CAP_NET_ADMIN)"
                            + " to run jobs in the HTTP network mode");
        }
        return output;
    }
}
