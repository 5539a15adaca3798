package io.caravel.cli;

import io.caravel.cli.results.ResultsDownloader;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import picocli.CommandLine.Option;

/**
 * How the CLI reaches the workers' results servers (logs and local results): their bearer token,
 * and a CA to trust besides the system's for servers with a private certificate ({@code
 * resultsTlsCert}). One HTTP client for all of it, which never follows redirects: a token must not
 * follow a redirect to another host.
 */
final class ResultsAccess {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            defaultValue = "${env:CARAVEL_RESULTS_TOKEN}",
            description =
                    "Bearer token of the workers' results servers (env CARAVEL_RESULTS_TOKEN).")
    String token;

    @Option(
            names = "--results-ca-cert",
            paramLabel = "PEM",
            defaultValue = "${env:CARAVEL_RESULTS_CA_CERT}",
            description =
                    "PEM CA certificate(s) to trust, besides the system's, for HTTPS results servers "
                            + "(env CARAVEL_RESULTS_CA_CERT).")
    Path caCert;

    LogClient logClient() {
        return new LogClient(token, http());
    }

    ResultsDownloader downloader() {
        ResultsDownloader downloader = ResultsDownloader.standard().withHttpClient(http());
        return token == null || token.isBlank() ? downloader : downloader.withBearerToken(token);
    }

    private HttpClient http() {
        HttpClient.Builder builder =
                HttpClient.newBuilder()
                        .connectTimeout(CONNECT_TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NEVER);
        if (caCert != null && !caCert.toString().isBlank()) {
            builder.sslContext(trusting(caCert));
        }
        return builder.build();
    }

    /** An SSL context trusting the system's CAs and those in {@code pem}. */
    static SSLContext trusting(Path pem) {
        Collection<? extends Certificate> cas;
        try (InputStream in = Files.newInputStream(pem)) {
            cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new CliException(
                    "cannot read the results CA certificate " + pem + ": " + e.getMessage(),
                    "pass --results-ca-cert (or CARAVEL_RESULTS_CA_CERT) a readable PEM file");
        } catch (GeneralSecurityException e) {
            throw new CliException(
                    pem + " is not a PEM certificate: " + e.getMessage(),
                    "pass --results-ca-cert the CA certificate (PEM) that signed the results servers' certificates");
        }
        if (cas.isEmpty()) {
            throw new CliException(
                    pem + " holds no PEM certificate",
                    "pass --results-ca-cert the CA certificate (PEM) that signed the results servers' certificates");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate ca : cas) {
                store.setCertificateEntry("ca-" + i++, ca);
            }
            X509TrustManager system = trustManager(null);
            X509TrustManager given = trustManager(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new EitherTrustManager(system, given)}, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS trust: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager m : factory.getTrustManagers()) {
            if (m instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /**
     * Trusts a server chain that either trust manager trusts. The JDK wraps a plain {@link
     * X509TrustManager} so that the host name is still checked against the certificate.
     */
    private record EitherTrustManager(X509TrustManager first, X509TrustManager second)
            implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType)
                throws CertificateException {
            throw new CertificateException("the CLI does not accept client connections");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return Stream.concat(
                            Stream.of(first.getAcceptedIssuers()),
                            Stream.of(second.getAcceptedIssuers()))
                    .toArray(X509Certificate[]::new);
        }
    }
}
