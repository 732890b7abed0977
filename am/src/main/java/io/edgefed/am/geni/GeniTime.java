package io.edgefed.am.geni;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Dates on the GENI wire: RFC 3339 strings, written as {@code YYYY-MM-DDTHH:MM:SSZ} as Fed4FIRE asks. */
public final class GeniTime {

    private static final DateTimeFormatter WIRE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private GeniTime() {
    }

    public static String format(Instant instant) {
        return WIRE.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    }

    /**
     * Parses what clients send: RFC 3339 with an offset ({@code 2026-11-27T08:38:35+00:00}, {@code ...Z}, with or
     * without fractions). A time without an offset is read as UTC, as the GENI tools do.
     */
    public static Instant parse(String text, String what) throws GeniException {
        if (text == null || text.isBlank()) {
            throw new GeniException(GeniCode.BADARGS, what + " is empty; send an RFC 3339 time such as 2026-11-27T10:00:00Z");
        }
        String t = text.trim().replace(' ', 'T').toUpperCase();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new GeniException(GeniCode.BADARGS,
                        what + " '" + text + "' is not an RFC 3339 time; send one such as 2026-11-27T10:00:00Z");
            }
        }
    }
}
