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

    /** The banner of a started testbed. */
    static String text(EmbeddedSettings settings, EmbeddedTestbed.Started started, Path logs) {
        return text(settings, started.api().url(), started.kubeconfig(), started.booking(), logs,
                started.containers().loginParagraph(started.booking().sshKey(), LocalBooking.USER));
    }

    /** The banner of a testbed whose slivers are only simulated. */
    static String text(EmbeddedSettings settings, String apiUrl, Path kubeconfig, LocalBooking booking, Path logs) {
        return text(settings, apiUrl, kubeconfig, booking, logs,
                SliverContainers.none().loginParagraph(booking.sshKey(), LocalBooking.USER));
    }

    private static String text(EmbeddedSettings settings, String apiUrl, Path kubeconfig, LocalBooking booking, Path logs,
            String logins) {
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

                %s

                Book with jFed: log in with the PEM file %s (key and certificate, no password),
                add a testbed whose AM URL is %s and URN urn:publicid:IDN+%s+authority+am,
                and trust its server certificate's CA %s.
                To let real Fed4FIRE+ accounts in as well, restart with -Dedgefed.local.extra-roots=<their root PEM>.

                Stop with Ctrl-C (it removes the slivers' containers).
                """.formatted(settings.bindAddress(), settings.consoleUrl(), settings.amUrl(), apiUrl, logs, booking.authorityDir(), booking.user(),
                indented(kubectlCommands(kubeconfig)), booking.sshPublicKey(), indented(omniCommands(settings, booking)),
                logins, booking.userKeyAndCertificate(), settings.amUrl(), EmbeddedSettings.AUTHORITY,
                booking.caCertificate());
    }

    private static String indented(List<String> commands) {
        return commands.stream().map(command -> "  " + command).collect(Collectors.joining("\n"));
    }
}
