package io.edgefed.embedded;

import java.nio.file.Path;

/** What the embedded testbed prints once it is up: where everything is and how to book a sliver. */
final class Instructions {

    private Instructions() {
    }

    static String text(EmbeddedSettings settings, String apiUrl, Path kubeconfig, LocalBooking booking, Path logs,
            String consoleUrl) {
        return """

                edgefed embedded testbed is up.

                  Console             %s   (nodes on a map, the mesh's paths, slivers)
                  Aggregate manager   %s
                  API server          %s   (kubectl --kubeconfig %s get slivers -A)
                  Logs                %s
                  Local authority     %s  (CA: ca-cert.pem; user %s)

                Book a sliver with omni (geni-tools):
                  omni -c %s -a %s -V3 --slicecredfile %s \\
                       allocate %s %s
                  omni -c %s -a %s -V3 --slicecredfile %s provision %s
                  omni -c %s -a %s -V3 --slicecredfile %s status %s

                Book with jFed: log in with the PEM file %s (key and certificate, no password),
                add a testbed whose AM URL is %s and URN urn:publicid:IDN+%s+authority+am,
                and trust its server certificate's CA %s.
                To let real Fed4FIRE+ accounts in as well, restart with -Dedgefed.local.extra-roots=<their root PEM>.

                No container really runs here: a simulated kubelet reports the pods Running, so slivers reach
                geni_ready; on a real cluster the same AM and operator give SSH logins. Stop with Ctrl-C.
                """.formatted(consoleUrl, settings.amUrl(), apiUrl, kubeconfig, logs, booking.authorityDir(), booking.user(),
                booking.omniConfig(), settings.amUrl(), booking.sliceCredential(), booking.slice().name(), booking.requestRspec(),
                booking.omniConfig(), settings.amUrl(), booking.sliceCredential(), booking.slice().name(),
                booking.omniConfig(), settings.amUrl(), booking.sliceCredential(), booking.slice().name(),
                booking.userKeyAndCertificate(), settings.amUrl(), EmbeddedSettings.AUTHORITY, booking.caCertificate());
    }
}
