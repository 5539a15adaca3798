package io.caravel.activities.providers.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The test daemon behind TLS with client authentication, as a remote daemon started with {@code
 * --tlsverify} is: a TLS listener on 127.0.0.1 that requires a client certificate signed by its CA
 * and relays each connection to {@code /var/run/docker.sock}. The certificates are made with the
 * {@code openssl} command: {@link #clientCerts} holds what a node needs ({@code ca.pem}, {@code
 * cert.pem}, {@code key.pem}), {@link #strangerCerts} the same with a client certificate of another
 * CA.
 */
final class TlsDockerFront implements AutoCloseable {
    private static final Path SOCKET = Path.of("/var/run/docker.sock");

    final Path clientCerts;
    final Path strangerCerts;

    /** Connections whose TLS handshake succeeded. */
    final AtomicInteger handshakes = new AtomicInteger();

    private final SSLServerSocket server;
    private final ExecutorService threads =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "tls-docker-front");
                        t.setDaemon(true);
                        return t;
                    });

    TlsDockerFront(Path dir) throws Exception {
        openssl(
                dir,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca-key.pem",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=caravel-test-ca");
        Files.writeString(
                dir.resolve("server.ext"),
                "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        signed(dir, "ca", "server", "/CN=127.0.0.1", "server.ext");
        openssl(
                dir,
                "pkcs12",
                "-export",
                "-in",
                "server.pem",
                "-inkey",
                "server-key.pem",
                "-out",
                "server.p12",
                "-passout",
                "pass:test");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        signed(dir, "ca", "client", "/CN=caravel-node", "client.ext");
        clientCerts = certDir(dir, "client", "client");
        openssl(
                dir,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "other-ca-key.pem",
                "-out",
                "other-ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=another-ca");
        signed(dir, "other-ca", "stranger", "/CN=stranger", "client.ext");
        strangerCerts = certDir(dir, "stranger", "stranger");

        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys(dir.resolve("server.p12")), trusting(dir.resolve("ca.pem")), null);
        server =
                (SSLServerSocket)
                        tls.getServerSocketFactory()
                                .createServerSocket(0, 16, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        threads.submit(this::accept);
    }

    /** The front as a docker host: {@code tcp://127.0.0.1:PORT}. */
    String host() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                SSLSocket client = (SSLSocket) server.accept();
                threads.submit(() -> relay(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(SSLSocket client) {
        try (client;
                SocketChannel daemon = SocketChannel.open(UnixDomainSocketAddress.of(SOCKET))) {
            client.startHandshake();
            handshakes.incrementAndGet();
            // The channel is read and written directly: its stream adapters share one lock, so a
            // blocked read would keep the request from being written.
            var back = threads.submit(() -> toClient(daemon, client.getOutputStream()));
            toDaemon(client.getInputStream(), daemon);
            back.get(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            // A refused handshake or a closed connection ends this relay only.
        }
    }

    private static void toDaemon(InputStream in, SocketChannel daemon) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
            while (bytes.hasRemaining()) {
                daemon.write(bytes);
            }
        }
        daemon.shutdownOutput();
    }

    private static Void toClient(SocketChannel daemon, OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try (out) {
            while (daemon.read(buffer) >= 0) {
                out.write(buffer.array(), 0, buffer.position());
                out.flush();
                buffer.clear();
            }
        }
        return null;
    }

    private static void signed(Path dir, String ca, String name, String subject, String extensions)
            throws Exception {
        openssl(
                dir,
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                name + "-key.pem",
                "-out",
                name + ".csr",
                "-subj",
                subject);
        openssl(
                dir,
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                ca + ".pem",
                "-CAkey",
                ca + "-key.pem",
                "-CAcreateserial",
                "-out",
                name + ".pem",
                "-days",
                "2",
                "-extfile",
                extensions);
    }

    /**
     * {@code ca.pem} (the daemon's CA), {@code cert.pem} and {@code key.pem} of client {@code
     * name}.
     */
    private static Path certDir(Path dir, String folder, String name) throws IOException {
        Path out = Files.createDirectories(dir.resolve(folder + "-certs"));
        Files.copy(dir.resolve("ca.pem"), out.resolve("ca.pem"));
        Files.copy(dir.resolve(name + ".pem"), out.resolve("cert.pem"));
        Files.copy(dir.resolve(name + "-key.pem"), out.resolve("key.pem"));
        return out;
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(
                    "openssl " + String.join(" ", args) + " failed: " + output);
        }
    }

    private static javax.net.ssl.KeyManager[] keys(Path p12) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, "test".toCharArray());
        }
        KeyManagerFactory factory =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, "test".toCharArray());
        return factory.getKeyManagers();
    }

    private static javax.net.ssl.TrustManager[] trusting(Path caPem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            store.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
