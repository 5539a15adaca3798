package io.caravel.activities.node;

import io.caravel.api.errors.CaravelException;
import io.caravel.api.errors.ErrorCode;
import io.caravel.api.model.ResultPath;
import io.caravel.api.model.RunOutput;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bacalhau's results layout, the directory an execution publishes: {@code stdout} and {@code
 * stderr} (the full streams, each capped at a file limit, 1 GiB by default), {@code exitCode} (the
 * exit code as decimal text, at most {@value #EXIT_CODE_LIMIT} bytes, no newline), and one
 * directory per result path, named by its {@code Name}. The run output returned alongside keeps the
 * first {@link RunOutput#SUMMARY_LIMIT} bytes of each stream, flagged when cut.
 */
public final class ResultsLayout {
    private static final Logger log = LoggerFactory.getLogger(ResultsLayout.class);

    public static final String STDOUT_FILE = "stdout";
    public static final String STDERR_FILE = "stderr";
    public static final String EXIT_CODE_FILE = "exitCode";

    /** Bacalhau caps each stream file at 1 GiB. */
    public static final long DEFAULT_FILE_LIMIT = 1L << 30;

    /** Bacalhau writes at most 4 bytes of exit code. */
    public static final int EXIT_CODE_LIMIT = 4;

    private static final Set<String> RESERVED_NAMES =
            Set.of(STDOUT_FILE, STDERR_FILE, EXIT_CODE_FILE);

    private final Limits limits;

    /** How much of each stream is kept: in its file, and in the run output. */
    public record Limits(
            long stdoutFileLimit,
            int stdoutSummaryLimit,
            long stderrFileLimit,
            int stderrSummaryLimit) {
        /** 1 GiB files, 2 KiB summaries, as Bacalhau. */
        public static final Limits DEFAULT = of(DEFAULT_FILE_LIMIT, RunOutput.SUMMARY_LIMIT);

        public Limits {
            if (stdoutFileLimit < 0
                    || stdoutSummaryLimit < 0
                    || stderrFileLimit < 0
                    || stderrSummaryLimit < 0) {
                throw new IllegalArgumentException(
                        "output limits cannot be negative: "
                                + stdoutFileLimit
                                + ", "
                                + stdoutSummaryLimit
                                + ", "
                                + stderrFileLimit
                                + ", "
                                + stderrSummaryLimit);
            }
        }

        /** The same limits for both streams. */
        public static Limits of(long fileLimit, int summaryLimit) {
            return new Limits(fileLimit, summaryLimit, fileLimit, summaryLimit);
        }
    }

    /**
     * What was written.
     *
     * @param runOutput the run output with the truncated summaries
     * @param stdoutFileTruncated whether the stdout file was cut at its limit
     * @param stderrFileTruncated whether the stderr file was cut at its limit
     */
    public record Outcome(
            RunOutput runOutput,
            boolean stdoutFileTruncated,
            boolean stderrFileTruncated,
            long stdoutBytes,
            long stderrBytes) {}

    public ResultsLayout() {
        this(Limits.DEFAULT);
    }

    public ResultsLayout(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Starts writing the layout into {@code resultsDir} (which must exist): the engine writes the
     * streams as they come and calls {@link Writer#finish} with the exit code.
     */
    public Writer open(Path resultsDir) throws IOException {
        return new Writer(resultsDir);
    }

    /** Writes the whole layout from two finished streams, read one after the other. */
    public Outcome write(Path resultsDir, InputStream stdout, InputStream stderr, int exitCode)
            throws IOException {
        try (Writer writer = open(resultsDir)) {
            stdout.transferTo(writer.stdout());
            stderr.transferTo(writer.stderr());
            return writer.finish(exitCode, "");
        }
    }

    /** Creates the directory of every result path under {@code resultsDir}. */
    public static void createResultPathDirs(Path resultsDir, List<ResultPath> resultPaths)
            throws IOException {
        for (ResultPath rp : resultPaths) {
            Files.createDirectories(resultPathDir(resultsDir, rp));
        }
    }

    /**
     * The directory of a result path: {@code <resultsDir>/<Name>}.
     *
     * @throws CaravelException ({@code SPEC_INVALID}) when the name is empty, {@code .} or {@code
     *     ..}, holds a path separator, or is one of the layout's own files
     */
    public static Path resultPathDir(Path resultsDir, ResultPath resultPath) {
        String name = resultPath.name();
        if (name.isEmpty()
                || name.equals(".")
                || name.equals("..")
                || name.contains("/")
                || name.contains("\\")
                || name.indexOf('\0') >= 0
                || RESERVED_NAMES.contains(name)) {
            throw new CaravelException(
                    ErrorCode.SPEC_INVALID,
                    "result path name \""
                            + name
                            + "\" cannot be used as a directory of the results",
                    "name each result path with a plain file name (no '/', not '.' or '..', not stdout, stderr"
                            + " or exitCode)");
        }
        return resultsDir.resolve(name);
    }

    /**
     * {@code output} with stdout and stderr cut to {@link RunOutput#SUMMARY_LIMIT} bytes (and
     * flagged).
     */
    public static RunOutput summarize(RunOutput output) {
        byte[] out = output.stdout().getBytes(StandardCharsets.UTF_8);
        byte[] err = output.stderr().getBytes(StandardCharsets.UTF_8);
        if (out.length <= RunOutput.SUMMARY_LIMIT && err.length <= RunOutput.SUMMARY_LIMIT) {
            return output;
        }
        return new RunOutput(
                cut(out),
                output.stdoutTruncated() || out.length > RunOutput.SUMMARY_LIMIT,
                cut(err),
                output.stderrTruncated() || err.length > RunOutput.SUMMARY_LIMIT,
                output.exitCode(),
                output.errorMsg());
    }

    private static String cut(byte[] bytes) {
        int end =
                bytes.length <= RunOutput.SUMMARY_LIMIT
                        ? bytes.length
                        : Utf8.boundary(bytes, RunOutput.SUMMARY_LIMIT);
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * Writes one execution's layout. Closing without {@link #finish} leaves no {@code exitCode}
     * file.
     */
    public final class Writer implements Closeable {
        private final Path resultsDir;
        private final StreamCapture stdout;
        private final StreamCapture stderr;

        private Writer(Path resultsDir) throws IOException {
            this.resultsDir = resultsDir;
            this.stdout =
                    new StreamCapture(
                            resultsDir.resolve(STDOUT_FILE),
                            limits.stdoutFileLimit(),
                            limits.stdoutSummaryLimit());
            StreamCapture err;
            try {
                err =
                        new StreamCapture(
                                resultsDir.resolve(STDERR_FILE),
                                limits.stderrFileLimit(),
                                limits.stderrSummaryLimit());
            } catch (IOException e) {
                stdout.close();
                throw e;
            }
            this.stderr = err;
        }

        public OutputStream stdout() {
            return stdout;
        }

        public OutputStream stderr() {
            return stderr;
        }

        /**
         * Closes the streams and writes {@code exitCode}.
         *
         * @param errorMsg why the run failed; empty for a run that ended (whatever its exit code)
         */
        public Outcome finish(int exitCode, String errorMsg) throws IOException {
            close();
            byte[] code = Integer.toString(exitCode).getBytes(StandardCharsets.US_ASCII);
            Files.write(
                    resultsDir.resolve(EXIT_CODE_FILE),
                    java.util.Arrays.copyOf(code, Math.min(code.length, EXIT_CODE_LIMIT)));
            if (stdout.fileTruncated() || stderr.fileTruncated()) {
                log.warn(
                        "output cut in {}: stdout {} bytes (limit {}), stderr {} bytes (limit {})",
                        resultsDir,
                        stdout.total(),
                        limits.stdoutFileLimit(),
                        stderr.total(),
                        limits.stderrFileLimit());
            }
            RunOutput output =
                    new RunOutput(
                            stdout.summary(),
                            stdout.summaryTruncated(),
                            stderr.summary(),
                            stderr.summaryTruncated(),
                            exitCode,
                            errorMsg);
            return new Outcome(
                    output,
                    stdout.fileTruncated(),
                    stderr.fileTruncated(),
                    stdout.total(),
                    stderr.total());
        }

        @Override
        public void close() throws IOException {
            try {
                stdout.close();
            } finally {
                stderr.close();
            }
        }
    }
}
