package io.caravel.activities.providers.wasm;

import com.dylibso.chicory.compiler.Cache;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Chicory's compiled byte code, one file per module digest in a directory of the worker's, so a
 * module compiled before a worker restart is loaded rather than compiled again. Files appear whole
 * (written aside, then moved in), so a reader never sees a partial one.
 */
final class CompiledModuleDiskCache implements Cache {
    private final Path dir;

    CompiledModuleDiskCache(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    @Override
    public byte[] get(String key) throws IOException {
        try {
            return Files.readAllBytes(file(key));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void putIfAbsent(String key, byte[] data) throws IOException {
        Path target = file(key);
        if (Files.exists(target)) {
            return;
        }
        Path temp = Files.createTempFile(dir, ".partial-", ".tmp");
        try {
            Files.write(temp, data);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // Another worker published the same module first; its copy is as good.
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Keys are {@code algo:base64}; base64's {@code /} and {@code +} are not file-name safe. */
    private Path file(String key) {
        return dir.resolve(
                key.replace(':', '-').replace('/', '_').replace('+', '.').replace("=", "")
                        + ".bin");
    }
}
