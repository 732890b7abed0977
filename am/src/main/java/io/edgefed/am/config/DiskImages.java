package io.edgefed.am.config;

import io.edgefed.geni.GeniUrn;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The configured disk images, looked up by short name or image URN. */
@ApplicationScoped
public class DiskImages {

    private final List<DiskImage> images;
    private final String authority;

    DiskImages(AmConfig config) {
        this.authority = config.authority();
        List<DiskImage> parsed = new ArrayList<>();
        for (String entry : config.images()) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("edgefed.am.images entry '" + entry + "' must be name=container-image");
            }
            parsed.add(new DiskImage(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim()));
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("edgefed.am.images must list at least one name=container-image");
        }
        this.images = Collections.unmodifiableList(parsed);
    }

    public List<DiskImage> all() {
        return images;
    }

    public DiskImage defaultImage() {
        return images.get(0);
    }

    /** The image URN advertised for {@code image}. */
    public String urnOf(DiskImage image) {
        return GeniUrn.of(authority, "image", image.name()).toString();
    }

    /** Finds an image by short name or by its URN. */
    public Optional<DiskImage> find(String nameOrUrn) {
        String name = nameOrUrn;
        if (GeniUrn.isUrnOfType(nameOrUrn, "image")) {
            GeniUrn urn = GeniUrn.parse(nameOrUrn);
            if (!urn.isWithinAuthority(authority) || !urn.authority().equalsIgnoreCase(authority)) {
                return Optional.empty();
            }
            name = urn.name();
        }
        for (DiskImage image : images) {
            if (image.name().equals(name)) {
                return Optional.of(image);
            }
        }
        return Optional.empty();
    }

    /** Names of all images, for error messages. */
    public List<String> names() {
        return images.stream().map(DiskImage::name).toList();
    }
}
