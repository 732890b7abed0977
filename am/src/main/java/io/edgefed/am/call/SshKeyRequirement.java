package io.edgefed.am.call;

import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverUser;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A container nobody can log in to is useless, so the AM refuses, before it changes anything, a Provision whose
 * users (given now or at an earlier Provision) hold no SSH public key, and an Allocate that names users without
 * one. The message speaks the experimenter's tools, not Kubernetes.
 */
public final class SshKeyRequirement {

    public static final String NO_KEY = "no SSH public key for any user, so nobody could log in to the containers. "
            + "Pass geni_users with at least one key: with omni, name your public key in omni_config "
            + "(keys = ~/.ssh/id_ed25519.pub in your user's section) or add --useSliceMembers to take the slice members' keys "
            + "from the clearinghouse; with jFed, add an SSH key to your account before you run the experiment";

    private SshKeyRequirement() {
    }

    /** For Allocate: users are optional there, but when given, one of them needs a key. */
    public static void requireIfGiven(Options options) throws GeniException {
        Optional<List<SliverUser>> users = GeniUsers.read(options);
        if (users.isPresent()) {
            require(users.get());
        }
    }

    /** For Provision: the users given now replace the slivers' users; without any, the slivers' own must do. */
    public static void require(Optional<List<SliverUser>> given, Collection<Sliver> slivers) throws GeniException {
        if (given.isPresent()) {
            require(given.get());
            return;
        }
        for (Sliver sliver : slivers) {
            require(sliver.getSpec() == null || sliver.getSpec().getUsers() == null ? List.of() : sliver.getSpec().getUsers());
        }
    }

    private static void require(List<SliverUser> users) throws GeniException {
        boolean anyKey = users.stream().anyMatch(u -> u.getKeys() != null && u.getKeys().stream().anyMatch(k -> !k.isBlank()));
        if (!anyKey) {
            throw new GeniException(GeniCode.BADARGS, NO_KEY);
        }
    }
}
