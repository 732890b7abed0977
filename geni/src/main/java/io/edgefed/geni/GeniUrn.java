package io.edgefed.geni;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GENI URN, {@code urn:publicid:IDN+<authority>+<type>+<name>}. Authorities compare case-insensitively (as the
 * publicid rules say) and keep their case for display; {@code authority} may hold sub-authorities separated by
 * {@code :}.
 */
public final class GeniUrn {

    private static final String PREFIX = "urn:publicid:IDN+";
    /**
     * The authority is printable ASCII without '+' (what publicid transcription produces): outside ASCII, case folding
     * differs between comparisons (a dotless i, the Kelvin sign), and one authority could get two spellings.
     */
    private static final Pattern SHAPE = Pattern.compile("^urn:publicid:IDN\\+([\\x21-\\x2A\\x2C-\\x7E]+)\\+([A-Za-z]+)\\+(\\S+)$",
            Pattern.CASE_INSENSITIVE);

    private final String authority;
    private final String type;
    private final String name;

    private GeniUrn(String authority, String type, String name) {
        this.authority = authority;
        this.type = type.toLowerCase(Locale.ROOT);
        this.name = name;
    }

    /** Parses a URN, or throws {@link IllegalArgumentException} saying what a URN must look like. */
    public static GeniUrn parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a URN is required, of the form urn:publicid:IDN+<authority>+<type>+<name>");
        }
        Matcher m = SHAPE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a GENI URN of the form urn:publicid:IDN+<authority>+<type>+<name>");
        }
        return new GeniUrn(m.group(1), m.group(2), m.group(3));
    }

    /** Whether {@code text} parses as a URN of the given type. */
    public static boolean isUrnOfType(String text, String type) {
        try {
            return parse(text).type().equals(type);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static GeniUrn of(String authority, String type, String name) {
        return parse(PREFIX + authority + "+" + type + "+" + name);
    }

    public String authority() {
        return authority;
    }

    public String type() {
        return type;
    }

    public String name() {
        return name;
    }

    /**
     * Whether an authority named {@code signerAuthority} may speak for this URN: its authority equals it or lies
     * below it ({@code a:b} is an authority for {@code a:b:c}), compared case-insensitively.
     */
    public boolean isWithinAuthority(String signerAuthority) {
        String mine = authority.toLowerCase(Locale.ROOT);
        String theirs = signerAuthority.toLowerCase(Locale.ROOT);
        return mine.equals(theirs) || mine.startsWith(theirs + ":");
    }

    /**
     * The one spelling of this URN that the AM hashes into Kubernetes names and labels and stores: the authority in
     * lower case (it compares case-insensitively), type in lower case, the name as given (it is case-sensitive). So
     * {@code ...+EDGEFED:LOCAL+slice+x} and {@code ...+edgefed:local+slice+x} are one slice.
     */
    public String canonical() {
        return PREFIX + authority.toLowerCase(Locale.ROOT) + "+" + type + "+" + name;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GeniUrn other)) {
            return false;
        }
        return authority.equalsIgnoreCase(other.authority) && type.equals(other.type) && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(authority.toLowerCase(Locale.ROOT), type, name);
    }

    @Override
    public String toString() {
        return PREFIX + authority + "+" + type + "+" + name;
    }
}
