package io.edgefed.console;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page from the console's resources with places the server fills, each marked {@code <!--@name-->}. What fills a
 * place is written as given: the caller escapes it (see {@link Html}).
 */
final class PageTemplate {

    private static final Pattern PLACE = Pattern.compile("<!--@([a-z-]+)-->");

    private final List<String> literals = new ArrayList<>();
    private final List<String> places = new ArrayList<>();

    private PageTemplate(String page) {
        Matcher matcher = PLACE.matcher(page);
        int from = 0;
        while (matcher.find()) {
            literals.add(page.substring(from, matcher.start()));
            places.add(matcher.group(1));
            from = matcher.end();
        }
        literals.add(page.substring(from));
    }

    /** The page at {@code path} on the class path, which must have exactly the places {@code names}, each once. */
    static PageTemplate of(String path, Set<String> names) {
        PageTemplate template = new PageTemplate(new String(ClassPathResources.read(path), StandardCharsets.UTF_8));
        if (!new TreeSet<>(template.places).equals(new TreeSet<>(names)) || template.places.size() != names.size()) {
            throw new IllegalStateException(path + " has the places " + template.places + ", not each of " + names + " once");
        }
        return template;
    }

    /** The page with each place filled by {@code fills.get(name)}. */
    String render(Map<String, String> fills) {
        int size = literals.stream().mapToInt(String::length).sum() + fills.values().stream().mapToInt(String::length).sum();
        StringBuilder out = new StringBuilder(size);
        for (int i = 0; i < places.size(); i++) {
            out.append(literals.get(i)).append(fills.get(places.get(i)));
        }
        return out.append(literals.get(literals.size() - 1)).toString();
    }
}
