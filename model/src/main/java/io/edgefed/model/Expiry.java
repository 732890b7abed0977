package io.edgefed.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The expiry of a resource as read from its {@link EdgefedKeys#EXPIRES_ANNOTATION} annotation: present and valid,
 * missing, or unparsable (with the reason). Written as RFC 3339 in UTC.
 */
public final class Expiry {

    /** What the annotation holds. */
    public enum Kind {
        /** A valid RFC 3339 instant. */
        VALID,
        /** No annotation at all. */
        MISSING,
        /** An annotation that is not an RFC 3339 date-time with an offset. */
        INVALID
    }

    private static final DateTimeFormatter RFC_3339_UTC = DateTimeFormatter.ISO_INSTANT;

    private final Kind kind;
    private final Instant instant;
    private final String problem;

    private Expiry(Kind kind, Instant instant, String problem) {
        this.kind = kind;
        this.instant = instant;
        this.problem = problem;
    }

    /** Reads the expiry annotation of a resource. */
    public static Expiry of(HasMetadata resource) {
        Map<String, String> annotations = resource.getMetadata() == null ? null : resource.getMetadata().getAnnotations();
        String raw = annotations == null ? null : annotations.get(EdgefedKeys.EXPIRES_ANNOTATION);
        return parse(raw);
    }

    /** Parses an annotation value; {@code null} means the annotation is missing. */
    public static Expiry parse(String raw) {
        if (raw == null) {
            return new Expiry(Kind.MISSING, null,
                    "annotation " + EdgefedKeys.EXPIRES_ANNOTATION + " is missing; set it to an RFC 3339 time such as 2026-11-27T10:00:00Z");
        }
        try {
            return new Expiry(Kind.VALID, OffsetDateTime.parse(raw.trim().toUpperCase()).toInstant(), null);
        } catch (DateTimeParseException e) {
            return new Expiry(Kind.INVALID, null,
                    "annotation " + EdgefedKeys.EXPIRES_ANNOTATION + " holds '" + raw
                            + "', which is not an RFC 3339 time such as 2026-11-27T10:00:00Z");
        }
    }

    /** Writes {@code instant} into the resource's expiry annotation, in UTC. */
    public static void write(HasMetadata resource, Instant instant) {
        Objects.requireNonNull(instant, "instant");
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        if (annotations == null) {
            annotations = new HashMap<>();
            resource.getMetadata().setAnnotations(annotations);
        }
        annotations.put(EdgefedKeys.EXPIRES_ANNOTATION, format(instant));
    }

    /** RFC 3339 in UTC, e.g. {@code 2026-11-27T08:58:35Z}. */
    public static String format(Instant instant) {
        return RFC_3339_UTC.format(instant.atOffset(ZoneOffset.UTC));
    }

    public Kind kind() {
        return kind;
    }

    public boolean isValid() {
        return kind == Kind.VALID;
    }

    /** The instant; only for a {@link Kind#VALID} expiry. */
    public Instant instant() {
        if (kind != Kind.VALID) {
            throw new IllegalStateException(problem);
        }
        return instant;
    }

    /**
     * Whether the resource has expired at {@code now}: a valid expiry that is not after {@code now}. A missing or
     * unreadable expiry never expires, so that a damaged annotation never deletes anything.
     */
    public boolean isExpiredAt(Instant now) {
        return kind == Kind.VALID && !instant.isAfter(now);
    }

    /** What is wrong with the annotation and how to fix it; {@code null} when valid. */
    public String problem() {
        return problem;
    }

    @Override
    public String toString() {
        return kind == Kind.VALID ? format(instant) : kind + ": " + problem;
    }
}
