package io.edgefed.embedded;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A {@code fieldSelector} ({@code involvedObject.name=x,status.phase!=Failed}), evaluated here because the store
 * knows only {@code metadata.name}: kubectl describe finds a pod's events and a node's pods with such selectors.
 */
record FieldSelector(List<Term> terms) {

    record Term(String[] path, String value, boolean equal) {
    }

    static FieldSelector parse(String selector) {
        List<Term> terms = new ArrayList<>();
        if (selector != null) {
            for (String term : selector.split(",")) {
                if (term.isBlank()) {
                    continue;
                }
                boolean notEqual = term.contains("!=");
                String[] parts = term.split(notEqual ? "!=" : "==?", 2);
                terms.add(new Term(parts[0].strip().split("\\."), parts.length > 1 ? parts[1].strip() : "", !notEqual));
            }
        }
        return new FieldSelector(List.copyOf(terms));
    }

    boolean isEmpty() {
        return terms.isEmpty();
    }

    boolean matches(JsonNode object) {
        for (Term term : terms) {
            JsonNode value = object;
            for (String key : term.path()) {
                value = value.path(key);
            }
            String actual = value.isMissingNode() || value.isNull() ? "" : value.asText();
            if (actual.equals(term.value()) != term.equal()) {
                return false;
            }
        }
        return true;
    }
}
