package io.edgefed.authority;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A file only its owner may read, for private keys and credentials. */
public final class OwnerOnlyFile {

    private OwnerOnlyFile() {
    }

    /**
     * Writes {@code content} to {@code file}, replacing it: the file is created 0600 (where the file system has POSIX
     * modes) before a byte is written into it, so the secret is never readable by others.
     */
    public static void write(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }
}
