package io.edgefed.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;

/**
 * A ConfigMap volume on this host, as a kubelet keeps one: a folder with one file per key, each with the volume's
 * {@code defaultMode} (0644 when it names none), replaced in place when the ConfigMap changes, so that a container
 * that mounts the folder sees new content without a restart (as sshd sees new keys). Keys that left the ConfigMap
 * leave the folder.
 */
public final class ConfigMapVolume {

    private static final int KUBERNETES_DEFAULT_MODE = 0644;

    private ConfigMapVolume() {
    }

    /** Writes {@code map}'s data into {@code folder} (created with mode 0755: the container reads it as any user). */
    public static void write(ConfigMap map, ConfigMapVolumeSource source, Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, permissions(0755));
        int mode = Objects.requireNonNullElse(source.getDefaultMode(), KUBERNETES_DEFAULT_MODE);
        Map<String, String> data = Objects.requireNonNullElse(map.getData(), Map.of());
        for (Map.Entry<String, String> entry : data.entrySet()) {
            if (entry.getKey().contains("/") || entry.getKey().startsWith(".")) {
                throw new IOException("ConfigMap key '" + entry.getKey() + "' is not a plain file name");
            }
            Path next = folder.resolve("." + entry.getKey() + ".next");
            Files.writeString(next, entry.getValue(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(next, permissions(mode));
            Files.move(next, folder.resolve(entry.getKey()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (!data.containsKey(file.getFileName().toString())) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, high bit first
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
    }
}
