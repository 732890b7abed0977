package io.edgefed.model;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * Where a node stands, read from its Node object's metadata: the keys the AM's advertisement and the console share.
 *
 * <p>The country ({@link #COUNTRY_KEY}, ISO 3166-1 alpha-2) and the region ({@link #REGION_LABEL}, the standard
 * Kubernetes topology label) are labels. The coordinates ({@link #LATITUDE_KEY}, {@link #LONGITUDE_KEY}, decimal
 * degrees) are read from an annotation first and then from a label of the same key: a Kubernetes label value may
 * not start with '-', so a node west of Greenwich or south of the equator carries its coordinates as annotations.
 * A value that is absent, unparsable or out of range is no location at all, never a guess.
 */
public record NodeLocation(Optional<String> country, Optional<String> region, Optional<Coordinates> coordinates) {

    /** Label: the node's country, ISO 3166-1 alpha-2 (for example {@code FR}). */
    public static final String COUNTRY_KEY = EdgefedKeys.GROUP + "/country";
    /** Annotation or label: the node's latitude in decimal degrees, -90 to 90. */
    public static final String LATITUDE_KEY = EdgefedKeys.GROUP + "/latitude";
    /** Annotation or label: the node's longitude in decimal degrees, -180 to 180. */
    public static final String LONGITUDE_KEY = EdgefedKeys.GROUP + "/longitude";
    /** The standard Kubernetes label for the node's region (free text, for example {@code europe-west}). */
    public static final String REGION_LABEL = "topology.kubernetes.io/region";

    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());

    /** A point on the globe in decimal degrees. */
    public record Coordinates(double latitude, double longitude) {
        public Coordinates {
            if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
                throw new IllegalArgumentException("coordinates out of range: " + latitude + ", " + longitude);
            }
        }
    }

    public static final NodeLocation UNKNOWN = new NodeLocation(Optional.empty(), Optional.empty(), Optional.empty());

    public static NodeLocation of(ObjectMeta metadata) {
        if (metadata == null) {
            return UNKNOWN;
        }
        Map<String, String> labels = metadata.getLabels() == null ? Map.of() : metadata.getLabels();
        Map<String, String> annotations = metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations();
        return new NodeLocation(country(labels.get(COUNTRY_KEY)), nonBlank(labels.get(REGION_LABEL)),
                coordinates(annotations, labels));
    }

    private static Optional<String> country(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String code = value.trim().toUpperCase(Locale.ROOT);
        return ISO_COUNTRIES.contains(code) ? Optional.of(code) : Optional.empty();
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static Optional<Coordinates> coordinates(Map<String, String> annotations, Map<String, String> labels) {
        Optional<Double> latitude = degrees(annotations.getOrDefault(LATITUDE_KEY, labels.get(LATITUDE_KEY)));
        Optional<Double> longitude = degrees(annotations.getOrDefault(LONGITUDE_KEY, labels.get(LONGITUDE_KEY)));
        if (latitude.isEmpty() || longitude.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Coordinates(latitude.get(), longitude.get()));
        } catch (IllegalArgumentException outOfRange) {
            return Optional.empty();
        }
    }

    private static Optional<Double> degrees(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            double degrees = Double.parseDouble(value.trim());
            return Double.isFinite(degrees) ? Optional.of(degrees) : Optional.empty();
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }
}
