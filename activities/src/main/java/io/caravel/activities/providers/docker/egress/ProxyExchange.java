package io.caravel.activities.providers.docker.egress;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/** One client connection of the {@link EgressProxy}: one request, or one CONNECT tunnel. */
final class ProxyExchange {
    /** Request fields that concern only the hop to the proxy, never forwarded (RFC 9110 7.6.1). */
    private static final List<String> REQUEST_HOP_FIELDS =
            List.of(
                    "Connection",
                    "Proxy-Connection",
                    "Keep-Alive",
                    "Proxy-Authorization",
                    "TE",
                    "Trailer",
                    "Upgrade");

    /**
     * Fields the proxy drops from a forwarded request: the hop-by-hop ones and Host, which it
     * rewrites.
     */
    private static final List<String> FORWARD_DROPPED_FIELDS =
            Stream.concat(REQUEST_HOP_FIELDS.stream(), Stream.of("Host")).toList();

    private static final List<String> RESPONSE_HOP_FIELDS =
            List.of("Connection", "Proxy-Connection", "Keep-Alive");

    private final Socket client;
    private final EgressPolicy policy;
    private final EgressProxy proxy;

    ProxyExchange(Socket client, EgressPolicy policy, EgressProxy proxy) {
        this.client = client;
        this.policy = policy;
        this.proxy = proxy;
    }

    void run() {
        try {
            client.setSoTimeout((int) EgressProxy.HEAD_TIMEOUT.toMillis());
            InputStream in = new BufferedInputStream(client.getInputStream());
            MessageHead head;
            try {
                head = MessageHead.read(in, EgressProxy.MAX_HEAD_BYTES);
            } catch (MessageHead.TooLargeException e) {
                refuse("a request", 431, e.getMessage());
                return;
            } catch (MessageHead.MalformedException e) {
                refuse("a request", 400, e.getMessage());
                return;
            }
            if (head == null) {
                return;
            }
            serve(head, in);
        } catch (SocketTimeoutException | EOFException e) {
            // The client went quiet or away before finishing its request: nothing to answer.
        } catch (IOException e) {
            // A connection reset mid-exchange; both sockets are closed by the caller.
        }
    }

    private void serve(MessageHead head, InputStream in) throws IOException {
        String line = head.startLine();
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            refuse(MessageHead.printable(line), 400, "not an HTTP/1.x request line");
            return;
        }
        String method = parts[0];
        Target target;
        try {
            target =
                    "CONNECT".equals(method)
                            ? Target.authority(parts[1], -1)
                            : Target.absolute(parts[1]);
        } catch (IllegalArgumentException e) {
            refuse(MessageHead.printable(line), 400, e.getMessage());
            return;
        }
        String request = method + " " + MessageHead.printable(parts[1]);
        var refusal = policy.refusal(target.host());
        if (refusal.isPresent()) {
            refuse(request, 403, refusal.get());
            return;
        }
        Socket upstream;
        try {
            upstream = connect(target);
        } catch (EgressPolicy.RefusedException e) {
            refuse(request, 403, e.getMessage());
            return;
        } catch (UnknownHostException e) {
            refuse(request, 502, "cannot resolve " + target.host());
            return;
        } catch (SocketTimeoutException e) {
            refuse(
                    request,
                    504,
                    "no answer from "
                            + target.hostPort()
                            + " within "
                            + EgressProxy.CONNECT_TIMEOUT.toSeconds()
                            + "s");
            return;
        } catch (IOException e) {
            refuse(request, 502, "cannot connect to " + target.hostPort() + ": " + e.getMessage());
            return;
        }
        if (upstream == null) {
            return;
        }
        try {
            int idle = (int) EgressProxy.IDLE_TIMEOUT.toMillis();
            client.setSoTimeout(idle);
            upstream.setSoTimeout(idle);
            if ("CONNECT".equals(method)) {
                tunnel(in, upstream);
            } else {
                forward(head, method + " " + target.path() + " " + parts[2], target, in, upstream);
            }
        } finally {
            proxy.untrack(upstream);
            EgressProxy.closeQuietly(upstream);
        }
    }

    /**
     * Opens a connection to the first address of the target that answers; null when the proxy
     * closed.
     */
    private Socket connect(Target target) throws IOException {
        List<InetAddress> addresses = policy.addresses(target.host());
        IOException last = null;
        for (InetAddress a : addresses) {
            Socket s = new Socket();
            if (!proxy.track(s)) {
                return null;
            }
            try {
                s.connect(
                        new InetSocketAddress(a, target.port()),
                        (int) EgressProxy.CONNECT_TIMEOUT.toMillis());
                return s;
            } catch (IOException e) {
                proxy.untrack(s);
                EgressProxy.closeQuietly(s);
                last = e;
            }
        }
        throw last;
    }

    private void tunnel(InputStream in, Socket upstream) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(
                "HTTP/1.1 200 Connection established\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        Pump pump = new Pump(EgressProxy.IDLE_TIMEOUT.toNanos());
        Future<?> upward =
                proxy.submit(
                        () -> {
                            try {
                                if (pump.copy(in, upstream.getOutputStream())) {
                                    upstream.shutdownOutput();
                                } else {
                                    EgressProxy.closeQuietly(upstream);
                                }
                            } catch (IOException e) {
                                EgressProxy.closeQuietly(upstream);
                            }
                        });
        try {
            if (pump.copy(upstream.getInputStream(), out)) {
                client.shutdownOutput();
            } else {
                EgressProxy.closeQuietly(client);
            }
        } catch (IOException e) {
            EgressProxy.closeQuietly(client);
        }
        awaitQuietly(upward);
    }

    /**
     * Sends the request to the upstream as {@code requestLine} (origin form, the client's HTTP
     * version) and relays the answer.
     */
    private void forward(
            MessageHead head, String requestLine, Target target, InputStream in, Socket upstream)
            throws IOException {
        // Host always names the target the proxy connects to (RFC 9112 3.2.2), whatever the client
        // wrote.
        String host =
                target.port() == 80
                        ? target.hostPort().substring(0, target.hostPort().lastIndexOf(':'))
                        : target.hostPort();
        List<String[]> extra =
                List.of(new String[] {"Host", host}, new String[] {"Connection", "close"});
        OutputStream up = upstream.getOutputStream();
        up.write(head.rewrite(requestLine, FORWARD_DROPPED_FIELDS, extra));
        up.flush();
        Pump pump = new Pump(EgressProxy.IDLE_TIMEOUT.toNanos());
        // The request body (if any) flows on another thread while the response comes back, so a
        // server that answers before reading the whole body does not deadlock the exchange.
        Future<?> body =
                proxy.submit(
                        () -> {
                            try {
                                pump.copy(in, up);
                            } catch (IOException e) {
                                // The upstream closed after its response, or the client went away.
                            }
                        });
        try {
            relayResponse(
                    new BufferedInputStream(upstream.getInputStream()),
                    pump,
                    requestLine.startsWith("HEAD "));
        } finally {
            EgressProxy.closeQuietly(client);
            EgressProxy.closeQuietly(upstream);
            awaitQuietly(body);
        }
    }

    private void relayResponse(InputStream up, Pump pump, boolean head) throws IOException {
        OutputStream out = client.getOutputStream();
        MessageHead response;
        try {
            while (true) {
                response = MessageHead.read(up, EgressProxy.MAX_RESPONSE_HEAD_BYTES);
                if (response == null) {
                    refuse(
                            "a response",
                            502,
                            "the upstream closed the connection without answering");
                    return;
                }
                String status = response.startLine();
                if (!status.startsWith("HTTP/1.") || status.length() < 12) {
                    refuse("a response", 502, "the upstream's answer is not HTTP/1.x");
                    return;
                }
                if (status.charAt(9) != '1' || status.startsWith("101", 9)) {
                    break;
                }
                // 1xx interim responses (100 Continue) go to the client as they are.
                out.write(response.rewrite(status, List.of(), List.of()));
                out.flush();
            }
        } catch (MessageHead.TooLargeException | MessageHead.MalformedException e) {
            refuse(
                    "a response",
                    502,
                    "the upstream's response head is unusable: " + e.getMessage());
            return;
        }
        out.write(
                response.rewrite(
                        response.startLine(),
                        RESPONSE_HOP_FIELDS,
                        List.<String[]>of(new String[] {"Connection", "close"})));
        out.flush();
        pump.copy(up, out, bodyLength(response, head));
    }

    /**
     * How many body bytes follow a final response head (RFC 9112 6.3): none for HEAD, 204 and 304;
     * Content-Length when there is no Transfer-Encoding; otherwise everything until the upstream
     * closes. Knowing the length lets the exchange end even when an upstream ignores {@code
     * Connection: close} and keeps its side open.
     */
    static long bodyLength(MessageHead response, boolean head) {
        String code = response.startLine().substring(9, 12);
        if (head || code.equals("204") || code.equals("304")) {
            return 0;
        }
        String length = response.field("Content-Length");
        if (response.field("Transfer-Encoding") == null
                && length != null
                && !length.isEmpty()
                && length.length() <= 18
                && length.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(length);
        }
        return Long.MAX_VALUE;
    }

    private void refuse(String request, int status, String reason) {
        if (status == 403) {
            proxy.logRefusal(request, reason);
        }
        answer(client, status, reason);
    }

    /** Writes a complete plain-text error response with {@code reason} as its one-line body. */
    static void answer(Socket client, int status, String reason) {
        byte[] body = ("caravel egress proxy: " + reason + "\n").getBytes(StandardCharsets.UTF_8);
        String head =
                "HTTP/1.1 "
                        + status
                        + " "
                        + reasonPhrase(status)
                        + "\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Length: "
                        + body.length
                        + "\r\n"
                        + "Connection: close\r\n\r\n";
        try {
            OutputStream out = client.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        } catch (IOException e) {
            // The client is gone; there is nobody to tell.
        }
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 431 -> "Request Header Fields Too Large";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }

    private static void awaitQuietly(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // The pump logs nothing and has already closed what it used.
        }
    }

    /**
     * Where a request goes: host (without brackets), port, and for plain HTTP the origin-form path.
     */
    record Target(String host, int port, String path) {
        /** {@code host:port} as written in a CONNECT request, or an absolute URI's authority. */
        static Target authority(String authority, int defaultPort) {
            String a = authority;
            if (a.isEmpty() || a.indexOf('@') >= 0) {
                throw new IllegalArgumentException(
                        "the target must be host:port, without user information");
            }
            String host;
            String portText = null;
            if (a.startsWith("[")) {
                int close = a.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException(
                            "an unclosed [ in the IPv6 target " + MessageHead.printable(a));
                }
                host = a.substring(1, close);
                String rest = a.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        throw new IllegalArgumentException(
                                "a malformed target " + MessageHead.printable(a));
                    }
                    portText = rest.substring(1);
                }
            } else {
                int colon = a.lastIndexOf(':');
                if (colon >= 0 && a.indexOf(':') != colon) {
                    throw new IllegalArgumentException(
                            "write an IPv6 target in brackets, as [::1]:443");
                }
                host = colon >= 0 ? a.substring(0, colon) : a;
                portText = colon >= 0 ? a.substring(colon + 1) : null;
            }
            int port = defaultPort;
            if (portText != null) {
                if (portText.isEmpty()
                        || portText.length() > 5
                        || !portText.chars().allMatch(Character::isDigit)) {
                    throw new IllegalArgumentException(
                            "a malformed port in " + MessageHead.printable(a));
                }
                port = Integer.parseInt(portText);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(
                        defaultPort < 0
                                ? "CONNECT needs host:port with a port from 1 to 65535"
                                : "the port must be from 1 to 65535");
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException("the target has no host");
            }
            return new Target(host.toLowerCase(Locale.ROOT), port, null);
        }

        /** An absolute-form {@code http://authority/path?query} target. */
        static Target absolute(String uri) {
            String lower = uri.toLowerCase(Locale.ROOT);
            if (lower.startsWith("https://")) {
                throw new IllegalArgumentException(
                        "https:// URLs go through CONNECT; this proxy forwards only http:// requests");
            }
            if (!lower.startsWith("http://")) {
                throw new IllegalArgumentException(
                        "this is a forward proxy: the request target must be an absolute http:// URL");
            }
            String rest = uri.substring("http://".length());
            int end = rest.length();
            for (char c : new char[] {'/', '?', '#'}) {
                int i = rest.indexOf(c);
                if (i >= 0 && i < end) {
                    end = i;
                }
            }
            Target t = authority(rest.substring(0, end), 80);
            String path = rest.substring(end);
            int hash = path.indexOf('#');
            if (hash >= 0) {
                path = path.substring(0, hash);
            }
            if (path.isEmpty() || path.charAt(0) != '/') {
                path = "/" + path;
            }
            return new Target(t.host(), t.port(), path);
        }

        String hostPort() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
