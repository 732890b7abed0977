package io.edgefed.console;

import static io.edgefed.console.Fixtures.direct;
import static io.edgefed.console.Fixtures.down;
import static io.edgefed.console.Fixtures.node;
import static io.edgefed.console.Fixtures.peer;
import static io.edgefed.console.Fixtures.relay;

import java.time.Instant;
import java.util.Map;

import io.edgefed.model.OperationalState;
import io.edgefed.model.Sliver;
import io.edgefed.model.VPNPeer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A small testbed as the browser tests see it: four nodes across Europe (Lisbon not Ready), one without a location,
 * one whose name and region try to be markup; Paris public and the relay, Ghent and Berlin behind NAT reaching each
 * other through Paris, Berlin to Lisbon down; one sliver on Paris. {@link #change} moves it to another state and back,
 * as the updates a page left open sees for hours.
 */
final class EuropeanTestbed {

    /** Text that becomes script if anything puts it into the page as markup. */
    static final String EVIL_NODE = "evil\"><img src=x onerror=\"window.__xss='name'\">";
    static final String EVIL_REGION = "<img src=x onerror=\"window.__xss='region'\">";
    static final String EVIL_CLIENT_ID = "<script>window.__xss='client'</script><img src=x onerror=\"window.__xss='clientimg'\">";
    /** The sliver that {@link #change} adds on Paris. */
    static final String CHANGING_SLIVER = "s-churn";

    /** When the testbed was written: once per test run, whichever test class writes it first. */
    static final Instant WRITTEN = Instant.now();

    private final KubernetesClient client;

    private EuropeanTestbed(KubernetesClient client) {
        this.client = client;
    }

    /** The testbed in the API server, written there unless an earlier test did. */
    static EuropeanTestbed in(KubernetesClient client) {
        EuropeanTestbed testbed = new EuropeanTestbed(client);
        if (client.nodes().withName("edge-paris").get() == null) {
            testbed.write();
        }
        return testbed;
    }

    private void write() {
        Instant now = WRITTEN;
        Fixtures.create(client, node("edge-paris", true, 48.8566, 2.3522, Map.of("edgefed.io/country", "FR")));
        Fixtures.create(client, node("home-ghent", true, 51.0543, 3.7174, Map.of("edgefed.io/country", "BE")));
        Fixtures.create(client, node("home-berlin", true, 52.52, 13.405, Map.of("edgefed.io/country", "DE")));
        Fixtures.create(client, node("home-lisbon", false, 38.7223, -9.1393, Map.of("edgefed.io/country", "PT")));
        Fixtures.create(client, node("unplaced-1", true, null, null, Map.of()));
        Fixtures.create(client, node(EVIL_NODE, true, 45.0, 5.0, Map.of("topology.kubernetes.io/region", EVIL_REGION)));
        Fixtures.create(client, peer("edge-paris", false, true,
                Map.of("home-ghent", direct(now), "home-berlin", direct(now)), now));
        Fixtures.create(client, peer("home-ghent", true, false,
                Map.of("edge-paris", direct(now), "home-berlin", relay("edge-paris", berlinGhentHandshake())), now));
        Fixtures.create(client, peer("home-berlin", true, false, Map.of("edge-paris", direct(now),
                "home-ghent", relay("edge-paris", berlinGhentHandshake()), "home-lisbon", down()), now));
        Fixtures.create(client, peer("home-lisbon", true, false, Map.of("home-berlin", down()), now));
        Fixtures.create(client, Fixtures.sliver("s-evil", EVIL_CLIENT_ID, "edge-paris", now.plusSeconds(7200),
                OperationalState.READY));
    }

    /** When Ghent and Berlin last shook hands through the relay. */
    static Instant berlinGhentHandshake() {
        return WRITTEN.minusSeconds(30);
    }

    /**
     * Changed: a sliver on Paris, Berlin reaching Ghent directly (a fresh handshake), Lisbon Ready. Not changed: as
     * {@link #in} wrote it. Three kinds of update at once: a sliver, a link's mode, a node's state.
     */
    void change(boolean changed) {
        if (changed) {
            Fixtures.create(client, Fixtures.sliver(CHANGING_SLIVER, "churn", "edge-paris", Instant.now().plusSeconds(3600),
                    OperationalState.READY));
        } else {
            client.resources(Sliver.class).inNamespace("edgefed").withName(CHANGING_SLIVER).delete();
        }
        VPNPeer berlin = client.resources(VPNPeer.class).withName("home-berlin").get();
        berlin.getStatus().getPaths().put("home-ghent",
                changed ? direct(Instant.now()) : relay("edge-paris", berlinGhentHandshake()));
        client.resources(VPNPeer.class).resource(berlin).updateStatus();
        Node lisbon = client.nodes().withName("home-lisbon").get();
        lisbon.getStatus().getConditions().get(0).setStatus(changed ? "True" : "False");
        client.nodes().resource(lisbon).updateStatus();
    }
}
