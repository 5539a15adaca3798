package io.caravel.activities.providers.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.caravel.activities.node.DiskLimit;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quota of a module's writable mounts, through the file system Chicory's WASI is handed ({@link
 * ConfinedFileSystem}) on the real host file system: growth is counted before it happens, and space
 * comes back only when the disk really frees it.
 */
@Tag("security")
class DiskQuotaTest {
    @TempDir Path tmp;

    private final DiskQuota quota = new DiskQuota(new DiskLimit(1000, "1000 bytes (test)"), 0);

    private Path mount() throws Exception {
        return ConfinedFileSystem.mount(
                Files.createDirectories(tmp.resolve("out")), quota, List.of());
    }

    private static void write(SeekableByteChannel channel, int bytes) throws Exception {
        channel.write(ByteBuffer.wrap(new byte[bytes]));
    }

    @Test
    void aWritePastTheLimitIsRefusedWholeAndRemembered() throws Exception {
        Path root = mount();
        try (SeekableByteChannel file =
                Files.newByteChannel(
                        root.resolve("a"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            write(file, 900);
            assertThatThrownBy(() -> write(file, 200))
                    .isInstanceOf(DiskQuota.Exceeded.class)
                    .hasMessage("disk limit exceeded: the task wrote more than 1000 bytes (test)");
            assertThat(file.size()).isEqualTo(900);
            // Overwriting in place adds nothing.
            file.position(0);
            write(file, 900);
        }
        assertThat(quota.exceeded()).isTrue();
        assertThat(quota.used()).isEqualTo(900);
    }

    @Test
    void aSparseWriteCountsAtTheFileLength() throws Exception {
        Path root = mount();
        try (FileChannel file =
                FileChannel.open(
                        root.resolve("sparse"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> file.write(ByteBuffer.wrap(new byte[1]), 5000))
                    .isInstanceOf(DiskQuota.Exceeded.class);
            file.write(ByteBuffer.wrap(new byte[1]), 999);
        }
        assertThat(quota.used()).isEqualTo(1000);
    }

    @Test
    void truncatingRemovingAndRenamingOverAFileGiveItsBytesBack() throws Exception {
        Path root = mount();
        try (SeekableByteChannel file =
                Files.newByteChannel(
                        root.resolve("a"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            write(file, 600);
            file.truncate(100);
        }
        assertThat(quota.used()).isEqualTo(100);
        Files.write(root.resolve("b"), new byte[300]);
        assertThat(quota.used()).isEqualTo(400);
        Files.write(root.resolve("b"), new byte[200]); // truncated on open, then written
        assertThat(quota.used()).isEqualTo(300);
        Files.move(root.resolve("b"), root.resolve("a"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(quota.used()).isEqualTo(200);
        Files.delete(root.resolve("a"));
        assertThat(quota.used()).isZero();
        assertThat(quota.exceeded()).isFalse();
    }

    @Test
    void aFileRemovedWhileOpenKeepsItsBytesUntilClosed() throws Exception {
        Path root = mount();
        SeekableByteChannel file =
                Files.newByteChannel(
                        root.resolve("held"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        write(file, 700);
        Files.delete(root.resolve("held"));
        // The disk still holds the open file: no room for another 700 bytes.
        assertThatThrownBy(() -> Files.write(root.resolve("other"), new byte[700]))
                .isInstanceOf(DiskQuota.Exceeded.class);
        file.close();
        assertThat(quota.used()).isZero();
        Files.write(root.resolve("other"), new byte[700]);
        assertThat(quota.used()).isEqualTo(700);
    }

    @Test
    void aHardLinkedFileKeepsItsBytesUntilItsLastNameGoes() throws Exception {
        Path root = mount();
        Files.write(root.resolve("a"), new byte[500]);
        Files.createLink(root.resolve("b"), root.resolve("a"));
        Files.delete(root.resolve("a"));
        assertThat(quota.used()).isEqualTo(500);
        Files.delete(root.resolve("b"));
        assertThat(quota.used()).isZero();
    }

    @Test
    void aCopyIntoTheMountAsksForItsBytesFirst() throws Exception {
        Path root = mount();
        Files.write(root.resolve("a"), new byte[600]);
        assertThatThrownBy(() -> Files.copy(root.resolve("a"), root.resolve("b")))
                .isInstanceOf(DiskQuota.Exceeded.class);
        assertThat(root.resolve("b")).doesNotExist();
        assertThat(quota.used()).isEqualTo(600);
    }
}
