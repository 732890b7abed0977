package io.edgefed.am.geni;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.DateTimeException;
import java.time.temporal.ChronoUnit;

/**
 * Dates on the GENI wire: RFC 3339 strings, written as {@code YYYY-MM-DDTHH:MM:SSZ} as Fed4FIRE asks. Every time the
 * AM reads (arguments, options, credential expiries) lies within RFC 3339's years 0001-9999 ({@link #FIRST} to
 * {@link #LAST}), so that no later arithmetic or formatting can overflow: a time the JDK cannot read is BADARGS, one it
 * reads outside those years OUTOFRANGE.
 */
public final class GeniTime {

    /** The earliest time the AM accepts: the first instant of RFC 3339's year 0001. */
    public static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    /** The latest time the AM accepts: the last instant of RFC 3339's year 9999. */
    public static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

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
        Instant read = read(text).orElseThrow(() -> new GeniException(GeniCode.BADARGS,
                what + " '" + shorten(text) + "' is not an RFC 3339 time; send one such as 2026-11-27T10:00:00Z"));
        requireInRange(read, what + " '" + shorten(text) + "'");
        return read;
    }

    /**
     * A time argument as XML-RPC delivers it: an RFC 3339 string ({@link #parse}; the transport hands XML-RPC
     * {@code dateTime.iso8601} values on as such strings too).
     */
    public static Instant parse(Object value, String what) throws GeniException {
        if (value instanceof String text) {
            return parse(text, what);
        }
        throw new GeniException(GeniCode.BADARGS, what + " must be an RFC 3339 string such as 2026-11-27T10:00:00Z");
    }

    /**
     * Reads an RFC 3339 / ISO 8601 date-time with an offset, or without one (then UTC); empty when the JDK cannot
     * read it (including times outside the JDK's own range).
     */
    public static java.util.Optional<Instant> read(String text) {
        String t = text.strip().replace(' ', 'T').toUpperCase(java.util.Locale.ROOT);
        try {
            return java.util.Optional.of(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeException e) {
            try {
                return java.util.Optional.of(java.time.LocalDateTime.parse(t).toInstant(ZoneOffset.UTC));
            } catch (DateTimeException e2) {
                return java.util.Optional.empty();
            }
        }
    }

    /** @throws GeniException OUTOFRANGE when {@code time} lies outside RFC 3339's years 0001-9999 */
    public static void requireInRange(Instant time, String what) throws GeniException {
        if (time.isBefore(FIRST) || time.isAfter(LAST)) {
            throw new GeniException(GeniCode.OUTOFRANGE, what + " lies outside the years 0001-9999 that RFC 3339 allows;"
                    + " send a time such as 2026-11-27T10:00:00Z");
        }
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
