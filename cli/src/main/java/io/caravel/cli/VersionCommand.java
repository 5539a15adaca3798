package io.caravel.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code caravel version}: Caravel's version and the Temporal SDK's. */
@Command(name = "version", description = "Prints the versions of Caravel and of the Temporal SDK.")
final class VersionCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        for (String line : lines()) {
            spec.commandLine().getOut().println(line);
        }
    }

    static String[] lines() {
        return new String[] {
            "caravel " + caravelVersion(),
            "temporal-sdk " + io.temporal.serviceclient.Version.LIBRARY_VERSION,
            "java " + System.getProperty("java.version")
        };
    }

    /** From the resource Maven writes at build time; "unknown" when run from unfiltered classes. */
    static String caravelVersion() {
        try (InputStream in =
                VersionCommand.class.getResourceAsStream("/caravel-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isEmpty() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // Fall through to the manifest.
        }
        String manifest = VersionCommand.class.getPackage().getImplementationVersion();
        return manifest == null ? "unknown" : manifest;
    }

    /** {@code caravel --version}. */
    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return lines();
        }
    }
}
