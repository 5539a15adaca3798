package io.caravel.activities.results;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds gzip tar archives entry by entry, including the ones a safe extractor must refuse. */
public final class Archives {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    public Archives() throws IOException {
        tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes));
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    public Archives file(String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
        return this;
    }

    public Archives dir(String name) throws IOException {
        tar.putArchiveEntry(new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true));
        tar.closeArchiveEntry();
        return this;
    }

    public Archives link(String name, byte type, String target) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
        return this;
    }

    public Archives symlink(String name, String target) throws IOException {
        return link(name, TarConstants.LF_SYMLINK, target);
    }

    public Archives hardlink(String name, String target) throws IOException {
        return link(name, TarConstants.LF_LINK, target);
    }

    public Archives device(String name) throws IOException {
        return link(name, TarConstants.LF_CHR, "");
    }

    public byte[] bytes() throws IOException {
        tar.close();
        return bytes.toByteArray();
    }
}
