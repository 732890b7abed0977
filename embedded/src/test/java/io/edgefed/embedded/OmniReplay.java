package io.edgefed.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What omni (geni-tools) sends for one printed command line, rebuilt from the command and the files it names, as
 * the recorded omni session (shared/geni/omni-wire) shows omni sending it: method, parameters and options. omni
 * itself is not installed here; this stands in for it and, like it, reads nothing that the command does not name.
 */
record OmniReplay(String amUrl, Map<String, Map<String, String>> config, String method, Object[] params) {

    private static final Map<String, String> GENI_3 = Map.of("type", "GENI", "version", "3");

    static OmniReplay of(String commandLine) throws IOException {
        List<String> words = List.of(commandLine.strip().split("\\s+"));
        if (!words.get(0).equals("omni")) {
            throw new IllegalArgumentException("not an omni command: " + commandLine);
        }
        Map<String, String> flags = new HashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            switch (word) {
                case "-c", "-a", "--slicecredfile", "--usercredfile" -> flags.put(word, words.get(++i));
                case "-V3" -> flags.put(word, "");
                default -> rest.add(word);
            }
        }
        if (!flags.containsKey("-V3") || !flags.containsKey("-a") || !flags.containsKey("-c")) {
            throw new IllegalArgumentException("the command must name its config, AM and API version: " + commandLine);
        }
        Map<String, Map<String, String>> config = ini(Path.of(flags.get("-c")));
        String command = rest.get(0);
        String authority = config.get(config.get("omni").get("default_cf")).get("authority");
        String sliceUrn = rest.size() > 1 ? "urn:publicid:IDN+" + authority + "+slice+" + rest.get(1) : null;
        Object[] sliceCredentials = flags.containsKey("--slicecredfile") ? credentials(flags.get("--slicecredfile")) : null;
        Object[] params = switch (command) {
            case "getversion" -> new Object[0];
            case "listresources" -> new Object[] {credentials(required(flags, "--usercredfile", command)),
                    Map.of("geni_compressed", true, "geni_available", false, "geni_rspec_version", GENI_3)};
            case "allocate" -> new Object[] {sliceUrn, required(sliceCredentials, command),
                    Files.readString(Path.of(rest.get(2))), Map.of()};
            case "provision" -> new Object[] {new Object[] {sliceUrn}, required(sliceCredentials, command),
                    Map.of("geni_rspec_version", GENI_3, "geni_users", users(config))};
            case "describe" -> new Object[] {new Object[] {sliceUrn}, required(sliceCredentials, command),
                    Map.of("geni_compressed", true, "geni_rspec_version", GENI_3)};
            case "status", "delete" -> new Object[] {new Object[] {sliceUrn}, required(sliceCredentials, command), Map.of()};
            case "shutdown" -> new Object[] {sliceUrn, required(sliceCredentials, command), Map.of()};
            // omni sends the users of its configuration with every action (the AM reads them for geni_update_users).
            case "performoperationalaction" -> new Object[] {new Object[] {sliceUrn}, required(sliceCredentials, command),
                    rest.get(2), Map.of("geni_users", users(config))};
            default -> throw new IllegalArgumentException("no replay for omni " + command);
        };
        String method = Map.of("getversion", "GetVersion", "listresources", "ListResources", "allocate", "Allocate",
                "provision", "Provision", "describe", "Describe", "status", "Status", "delete", "Delete", "shutdown", "Shutdown", "performoperationalaction",
                "PerformOperationalAction").get(command);
        return new OmniReplay(flags.get("-a"), config, method, params);
    }

    /** The framework section's cert and key: what omni presents in the TLS handshake. */
    Path certificate() {
        return Path.of(config.get(config.get("omni").get("default_cf")).get("cert"));
    }

    Path key() {
        return Path.of(config.get(config.get("omni").get("default_cf")).get("key"));
    }

    private static Object[] users(Map<String, Map<String, String>> config) throws IOException {
        List<Object> users = new ArrayList<>();
        for (String user : config.get("omni").get("users").split(",")) {
            Map<String, String> section = config.get(user.strip());
            List<String> keys = new ArrayList<>();
            for (String file : section.getOrDefault("keys", "").split(",")) {
                Path path = Path.of(file.strip().replaceFirst("^~", System.getProperty("user.home")));
                if (!file.isBlank() && Files.isRegularFile(path)) {
                    keys.add(Files.readString(path).strip());
                }
            }
            users.add(Map.of("urn", section.get("urn"), "keys", keys.toArray()));
        }
        return users.toArray();
    }

    private static Object[] credentials(String file) throws IOException {
        return new Object[] {Map.of("geni_type", "geni_sfa", "geni_version", "3", "geni_value", Files.readString(Path.of(file)))};
    }

    private static String required(Map<String, String> flags, String flag, String command) {
        if (!flags.containsKey(flag)) {
            throw new IllegalArgumentException("omni " + command + " needs " + flag + " here: no clearinghouse runs");
        }
        return flags.get(flag);
    }

    private static Object[] required(Object[] credentials, String command) {
        if (credentials == null) {
            throw new IllegalArgumentException("omni " + command + " needs --slicecredfile here: no clearinghouse runs");
        }
        return credentials;
    }

    /** A minimal reader for omni's INI-style config: sections of key = value lines, # comments. */
    private static Map<String, Map<String, String>> ini(Path file) throws IOException {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                current = new LinkedHashMap<>();
                sections.put(trimmed.substring(1, trimmed.length() - 1), current);
            } else if (current != null && trimmed.contains("=")) {
                current.put(trimmed.substring(0, trimmed.indexOf('=')).strip(), trimmed.substring(trimmed.indexOf('=') + 1).strip());
            }
        }
        return sections;
    }
}
