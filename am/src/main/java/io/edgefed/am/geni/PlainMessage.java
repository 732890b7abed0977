package io.edgefed.am.geni;

import java.util.regex.Pattern;

/**
 * Keeps Java out of what callers read: the messages of JDK and library exceptions often start with or embed a class
 * name ({@code java.security.SignatureException: Signature length not correct}), which says nothing to an
 * experimenter and tells an attacker what runs here. The text after the class name is the useful part and stays.
 */
public final class PlainMessage {

    /** A qualified class name of the JDK or a library, or a bare exception/error class name, with a following colon. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:(?:java|javax|jdk|sun|com\\.sun|org|io|jakarta)\\.(?:[A-Za-z_$][\\w$]*\\.)*[A-Z][\\w$]*"
                    + "|[A-Z][\\w$]*(?:Exception|Error))(?::\\s*|\\b)");

    private PlainMessage() {
    }

    /** {@code message} without class names; {@code fallback} when nothing else is left. */
    public static String of(String message, String fallback) {
        if (message == null) {
            return fallback;
        }
        String plain = CLASS_NAME.matcher(message).replaceAll("").strip();
        return plain.isEmpty() || plain.equals("null") ? fallback : plain;
    }
}
