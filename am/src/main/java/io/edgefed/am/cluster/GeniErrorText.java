package io.edgefed.am.cluster;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sliver's error as an experimenter reads it in {@code geni_error}: the operator writes its messages for people
 * who look at the Sliver object ({@code spec.users[0].keys[1] ...}); an omni or jFed user knows the request RSpec
 * and the method options instead. Each {@code spec.<field>...} path becomes the GENI word for that field; the rest
 * of the message stays as the operator wrote it.
 */
public final class GeniErrorText {

    private static final Pattern SPEC_PATH = Pattern.compile("\\bspec\\.(\\w+)((?:\\[\\d+\\])?(?:\\.\\w+(?:\\[\\d+\\])?)*)");
    private static final Pattern KUBERNETES_WORDS = Pattern.compile("\\b(the Sliver|Sliver object|the AM must [^;.]*)");
    private static final Map<String, String> GENI_WORDS = Map.of(
            "users", "geni_users",
            "image", "the disk_image of the request RSpec",
            "node", "the component_id of the request RSpec",
            "arch", "the hardware_type of the request RSpec");

    private GeniErrorText() {
    }

    public static String of(String operatorMessage) {
        if (operatorMessage.contains("no user has an SSH key")) {
            return "no user of the sliver has an SSH public key, so nobody could log in: provision again with geni_users "
                    + "holding a key (omni: keys = ~/.ssh/id_ed25519.pub in omni_config; jFed: add an SSH key to your account)";
        }
        Matcher paths = SPEC_PATH.matcher(operatorMessage);
        StringBuilder out = new StringBuilder();
        while (paths.find()) {
            String word = GENI_WORDS.getOrDefault(paths.group(1), "the sliver's request");
            paths.appendReplacement(out, Matcher.quoteReplacement(word));
        }
        paths.appendTail(out);
        return KUBERNETES_WORDS.matcher(out).replaceAll(found -> found.group(1).startsWith("the AM")
                ? "this is an error of the aggregate manager; please report it to its operator" : "the sliver");
    }
}
