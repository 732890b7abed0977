package io.edgefed.console;

/**
 * Escaping for what the server writes into a page: text and attribute values (a resource's name, label or client id
 * may try to be markup), and JSON inside a {@code <script>} element (where {@code </script>} or {@code <!--} in a
 * string would end or change the element, and U+2028/U+2029 were line breaks to older script parsers).
 */
final class Html {

    private Html() {
    }

    /** {@code value} as HTML text or a quoted attribute value: {@code & < > " '} become character references. */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String reference = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (reference != null && out == null) {
                out = new StringBuilder(value.length() + 16).append(value, 0, i);
            }
            if (out != null) {
                if (reference != null) {
                    out.append(reference);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? value : out.toString();
    }

    /**
     * A JSON document made safe to place inside a {@code <script>} element: {@code < > &} and U+2028/U+2029 become
     * {@code \}{@code uXXXX} escapes. In valid JSON these characters occur only inside strings, where the escape means
     * the same character, so {@code JSON.parse} of the element's text gives back the same value.
     */
    static String scriptJson(String json) {
        StringBuilder out = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
