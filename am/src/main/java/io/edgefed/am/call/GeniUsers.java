package io.edgefed.am.call;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.model.SliverUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code geni_users} option: {@code [{urn, keys: [ssh public key, ...]}, ...]}. */
public final class GeniUsers {

    private GeniUsers() {
    }

    public static Optional<List<SliverUser>> read(Options options) throws GeniException {
        Object v = options.get("geni_users");
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Object[] array)) {
            throw bad();
        }
        List<SliverUser> users = new ArrayList<>();
        for (Object o : array) {
            if (!(o instanceof Map<?, ?> user) || !(user.get("urn") instanceof String urn)) {
                throw bad();
            }
            List<String> keys = new ArrayList<>();
            Object rawKeys = user.get("keys");
            if (rawKeys != null) {
                if (!(rawKeys instanceof Object[] keyArray)) {
                    throw bad();
                }
                for (Object k : keyArray) {
                    if (!(k instanceof String key) || key.isBlank() || key.contains("\n")) {
                        throw new GeniException(GeniCode.BADARGS,
                                "geni_users of " + urn + " holds a key that is not one line of OpenSSH public key");
                    }
                    keys.add(key.trim());
                }
            }
            users.add(new SliverUser(urn, keys));
        }
        return Optional.of(users);
    }

    private static GeniException bad() {
        return new GeniException(GeniCode.BADARGS, "option geni_users must be an array of {urn: string, keys: [string]}");
    }
}
