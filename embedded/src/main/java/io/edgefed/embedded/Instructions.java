package io.edgefed.embedded;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the embedded testbed prints once it is up: where everything is and how to book a sliver. Every command it
 * prints works as printed against this testbed ({@link #omniCommands} is what the end-to-end test replays).
 */
final class Instructions {

    private Instructions() {
    }

    /** The omni commands of the banner, in booking order, each on one line. */
    static List<String> omniCommands(EmbeddedSettings settings, LocalBooking booking) {
        String omni = "omni -c " + booking.omniConfig() + " -a " + settings.amUrl() + " -V3";
        String slice = " --slicecredfile " + booking.sliceCredential();
        String demo = booking.slice().name();
        return List.of(
                omni + " getversion",
                omni + " --usercredfile " + booking.userCredential() + " listresources",
                omni + slice + " allocate " + demo + " " + booking.requestRspec(),
                omni + slice + " provision " + demo,
                omni + slice + " status " + demo,
                omni + slice + " describe " + demo,
                omni + slice + " delete " + demo);
    }

    /** The kubectl commands of the banner. */
    static List<String> kubectlCommands(Path kubeconfig) {
        String kubectl = "kubectl --kubeconfig " + kubeconfig;
        return List.of(kubectl + " get slivers -A", kubectl + " get nodes -o wide", kubectl + " get pods -A",
                kubectl + " get events -n " + EmbeddedSettings.NAMESPACE);
    }

    static String text(EmbeddedSettings settings, String apiUrl, Path kubeconfig, LocalBooking booking, Path logs) {
        return """

                edgefed embedded testbed is up (listening on %s only).

                  Console             %s   (nodes on a map, the mesh's paths, slivers)
                  Aggregate manager   %s
                  API server          %s
                  Logs                %s
                  Local authority     %s  (CA: ca-cert.pem; user %s)

                Watch the cluster with kubectl:
                %s

                Book a sliver with omni (geni-tools); omni_config names alice's SSH key %s:
                %s

                Log in to a sliver (on a real cluster; no container runs here): the manifest that describe prints
                has <login hostname=H port=P username=U/> for each node, then
                  ssh -i %s -p P U@H

                Book with jFed: log in with the PEM file %s (key and certificate, no password),
                add a testbed whose AM URL is %s and URN urn:publicid:IDN+%s+authority+am,
                and trust its server certificate's CA %s.
                To let real Fed4FIRE+ accounts in as well, restart with -Dedgefed.local.extra-roots=<their root PEM>.

                No container really runs here: a simulated kubelet reports the pods Running, so slivers reach
                geni_ready; on a real cluster the same AM and operator give SSH logins. Stop with Ctrl-C.
                """.formatted(settings.bindAddress(), settings.consoleUrl(), settings.amUrl(), apiUrl, logs, booking.authorityDir(), booking.user(),
                indented(kubectlCommands(kubeconfig)), booking.sshPublicKey(), indented(omniCommands(settings, booking)),
                booking.sshKey(), booking.userKeyAndCertificate(), settings.amUrl(), EmbeddedSettings.AUTHORITY,
                booking.caCertificate());
    }

    private static String indented(List<String> commands) {
        return commands.stream().map(command -> "  " + command).collect(Collectors.joining("\n"));
    }
}
