package io.caravel.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;

/**
 * A self-signed certificate for 127.0.0.1 made by the JDK's keytool, written as the PEM files an
 * operator gives the results server: {@code cert.pem} and an unencrypted PKCS#8 {@code key.pem}.
 */
public record SelfSignedPem(Path cert, Path key) {
    private static final String PASSWORD = "caravel-test";

    public static SelfSignedPem create(Path dir)
            throws IOException, InterruptedException, GeneralSecurityException {
        Path keystore = dir.resolve("results.p12");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        keytool(
                "-genkeypair",
                "-alias",
                "results",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "results",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                cert.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        Key privateKey = store.getKey("results", PASSWORD.toCharArray());
        Files.writeString(
                key,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(privateKey.getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        return new SelfSignedPem(cert, key);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }
}
