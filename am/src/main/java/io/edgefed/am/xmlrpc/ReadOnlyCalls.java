package io.edgefed.am.xmlrpc;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Recognises calls that only read the informer caches (GetVersion, ListResources, Describe, Status) from the raw
 * body, before parsing, so they can be answered on the I/O thread without a hop to a worker thread. Anything it
 * cannot recognise is treated as a call that may block.
 */
final class ReadOnlyCalls {

    private static final Set<String> READ_ONLY = Set.of("GetVersion", "ListResources", "Describe", "Status");
    private static final byte[] OPEN = "<methodName>".getBytes(StandardCharsets.US_ASCII);
    private static final int SCAN = 1024;

    private ReadOnlyCalls() {
    }

    static boolean isReadOnly(byte[] body) {
        int start = indexOf(body, OPEN, 0, Math.min(body.length, SCAN));
        if (start < 0) {
            return false;
        }
        start += OPEN.length;
        int end = start;
        while (end < body.length && end - start < 64 && body[end] != '<') {
            end++;
        }
        return READ_ONLY.contains(new String(body, start, end - start, StandardCharsets.US_ASCII).trim());
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from, int to) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
