package io.caravel.cli;

/** Where a stream of log bytes goes: straight to the terminal, or line by line with a label. */
interface LogSink {
    /** Writes the next chunk of the stream (UTF-8, possibly cut anywhere). */
    void write(byte[] bytes);

    /** Writes {@code text} (kept output, already whole). */
    void write(String text);

    /** Writes whatever is held back, at the end of the stream. */
    default void finish() {}
}
