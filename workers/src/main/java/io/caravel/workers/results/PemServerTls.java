package io.caravel.workers.results;

import io.caravel.activities.providers.local.ResultsServerSettings;
import io.caravel.activities.providers.local.ResultsServerSettings.ServerTls;
import io.caravel.api.errors.Problem;
import io.caravel.workers.config.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The results server's TLS context from the operator's PEM files, with the JDK alone: the
 * certificate chain as {@link CertificateFactory} reads PEM, the key as unencrypted PKCS#8 ({@code
 * -----BEGIN PRIVATE KEY-----}), RSA or EC — the files cert-manager, certbot and {@code openssl req
 * -x509 -newkey ... -nodes} write, and the form the Temporal TLS keys take.
 */
public final class PemServerTls {
    private static final Pattern PKCS8 =
            Pattern.compile(
                    "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final char[] IN_MEMORY = new char[0];

    private PemServerTls() {}

    /**
     * An SSL context presenting {@code tls}'s certificate.
     *
     * @throws InvalidConfigException naming {@code resultsTlsCert} or {@code resultsTlsKey} when a
     *     file cannot be read or is not what it should be
     */
    static SSLContext context(ServerTls tls) {
        return context(
                tls, ResultsServerSettings.TLS_CERT.key(), ResultsServerSettings.TLS_KEY.key());
    }

    /**
     * An SSL context presenting {@code tls}'s certificate, for another server (the Bacalhau API of
     * {@code caravel serve}); problems name {@code certName} and {@code keyName}.
     *
     * @throws InvalidConfigException naming {@code certName} or {@code keyName} when a file cannot
     *     be read or is not what it should be
     */
    public static SSLContext context(ServerTls tls, String certName, String keyName) {
        Certificate[] chain = chain(tls.cert(), certName);
        PrivateKey key = key(tls.key(), keyName);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("results", key, IN_MEMORY, chain);
            KeyManagerFactory keys =
                    KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, IN_MEMORY);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw problem(
                    keyName,
                    "the key does not go with the certificate of "
                            + certName
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static Certificate[] chain(Path file, String certName) {
        try (InputStream in = Files.newInputStream(file)) {
            Certificate[] chain =
                    CertificateFactory.getInstance("X.509")
                            .generateCertificates(in)
                            .toArray(Certificate[]::new);
            if (chain.length == 0) {
                throw problem(certName, file + " holds no PEM certificate", null);
            }
            return chain;
        } catch (IOException e) {
            throw problem(certName, "cannot read " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw problem(certName, file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey key(Path file, String keyName) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw problem(keyName, "cannot read " + file + ": " + e.getMessage(), e);
        }
        Matcher m = PKCS8.matcher(text);
        if (!m.find()) {
            throw problem(
                    keyName,
                    file
                            + " holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE "
                            + "KEY-----); convert one with `openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8`",
                    null);
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm)
                        .generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException e) {
                // Not this algorithm; try the next.
            } catch (GeneralSecurityException e) {
                throw problem(keyName, "cannot read the key in " + file + ": " + e.getMessage(), e);
            }
        }
        throw problem(keyName, "the key in " + file + " is neither RSA nor EC", null);
    }

    private static InvalidConfigException problem(String name, String message, Throwable cause) {
        return new InvalidConfigException(List.of(new Problem(name, message)), cause);
    }
}
