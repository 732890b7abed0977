package io.edgefed.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Files that ship in the console's jar (pages, the basemap). */
final class ClassPathResources {

    private ClassPathResources() {
    }

    /** The file's bytes; fails when the build left it out. */
    static byte[] read(String path) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the console's build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
