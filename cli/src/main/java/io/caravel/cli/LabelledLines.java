package io.caravel.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Writes a stream line by line, each line starting with a label ({@code [e-1a2b3c4d@node] }), so
 * the output of several executions printed to one writer stays readable. A line is written whole
 * once its newline arrives (lines of different streams never mix); the last one, without a newline,
 * when the stream {@linkplain #finish() finishes}. Writers are shared, so each line is written
 * while holding the writer's lock.
 */
final class LabelledLines implements LogSink {
    private final PrintWriter out;
    private final String label;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    LabelledLines(PrintWriter out, String label) {
        this.out = out;
        this.label = label;
    }

    @Override
    public void write(byte[] bytes) {
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            // A newline byte is never part of a longer UTF-8 character, so splitting here cuts no
            // character.
            if (bytes[i] == '\n') {
                partial.write(bytes, start, i - start);
                emit();
                start = i + 1;
            }
        }
        partial.write(bytes, start, bytes.length - start);
    }

    @Override
    public void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void finish() {
        if (partial.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        synchronized (out) {
            out.write(label + line + "\n");
            out.flush();
        }
    }
}
