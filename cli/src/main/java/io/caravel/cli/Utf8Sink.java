package io.caravel.cli;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Writes UTF-8 bytes that arrive in chunks to a writer. A character cut between two chunks is held
 * back until the rest arrives, so streamed logs never show a broken character where a chunk ended.
 */
final class Utf8Sink implements LogSink {
    private final PrintWriter out;
    private final CharsetDecoder decoder =
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending = ByteBuffer.allocate(0);

    Utf8Sink(PrintWriter out) {
        this.out = out;
    }

    /** Writes {@code bytes} after what was held back, holding back an incomplete last character. */
    @Override
    public void write(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        ByteBuffer in = ByteBuffer.allocate(pending.remaining() + bytes.length);
        in.put(pending).put(bytes).flip();
        CharBuffer chars = CharBuffer.allocate(in.remaining() + 1);
        decoder.decode(in, chars, false);
        pending = in.slice();
        out.write(chars.flip().toString());
        out.flush();
    }

    /** Writes {@code text} as it is. */
    @Override
    public void write(String text) {
        out.write(text);
        out.flush();
    }
}
