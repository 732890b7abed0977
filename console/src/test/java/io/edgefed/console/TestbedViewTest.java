package io.edgefed.console;

import static io.edgefed.console.Fixtures.direct;
import static io.edgefed.console.Fixtures.down;
import static io.edgefed.console.Fixtures.node;
import static io.edgefed.console.Fixtures.peer;
import static io.edgefed.console.Fixtures.relay;
import static io.edgefed.console.Fixtures.sliver;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.edgefed.model.OperationalState;
import io.edgefed.model.VPNPeer;

/** The pure part of the console: what it derives from the cluster's objects and what it never shows. */
class TestbedViewTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void aLinkShowsTheBetterOfBothSidesReportsAndTheLaterHandshake() {
        VPNPeer a = peer("a", true, false, Map.of("b", relay("r", NOW.minusSeconds(100)), "c", down()), NOW);
        VPNPeer b = peer("b", true, false, Map.of("a", direct(NOW.minusSeconds(10))), NOW);
        VPNPeer c = peer("c", true, false, Map.of("a", down(), "ghost", direct(NOW)), NOW);
        VPNPeer r = peer("r", false, true, Map.of(), NOW);
        Testbed testbed = Testbed.of(new ClusterState(List.of(), List.of(a, b, c, r), List.of()), false);

        assertThat(testbed.links()).containsExactly(
                new LinkView("a~b", "a", "b", "direct", null, NOW.minusSeconds(10).toString()),
                new LinkView("a~c", "a", "c", "down", null, null));
    }

    @Test
    void aRelayedPathNamesItsRelay() {
        VPNPeer a = peer("home-a", true, false, Map.of("home-b", relay("edge", NOW)), NOW);
        VPNPeer b = peer("home-b", true, false, Map.of("home-a", relay("edge", NOW.minusSeconds(5))), NOW);
        VPNPeer edge = peer("edge", false, true, Map.of("home-a", direct(NOW), "home-b", direct(NOW)), NOW);
        Testbed testbed = Testbed.of(new ClusterState(List.of(), List.of(a, b, edge), List.of()), false);

        assertThat(testbed.links()).extracting(LinkView::id, LinkView::mode, LinkView::via).containsExactly(
                org.assertj.core.groups.Tuple.tuple("edge~home-a", "direct", null),
                org.assertj.core.groups.Tuple.tuple("edge~home-b", "direct", null),
                org.assertj.core.groups.Tuple.tuple("home-a~home-b", "relay", "edge"));
    }

    @Test
    void aNodeIsKnownFromItsNodeObjectOrItsPeerAndPlacedOnlyByValidCoordinates() {
        Testbed testbed = Testbed.of(new ClusterState(
                List.of(node("placed", true, 48.85, 2.35, Map.of("edgefed.io/country", "FR")),
                        node("far-off", true, 123.0, 2.0, Map.of()),
                        node("cp", true, null, null, Map.of("node-role.kubernetes.io/control-plane", ""))),
                List.of(peer("placed", false, true, Map.of(), NOW), peer("newcomer", true, false, Map.of(), NOW)),
                List.of()), false);

        NodeView placed = testbed.node("placed");
        assertThat(placed.latitude()).isEqualTo(48.85);
        assertThat(placed.country()).isEqualTo("FR");
        assertThat(placed.mesh()).isEqualTo("public");
        assertThat(placed.relay()).isTrue();
        assertThat(placed.active()).isTrue();
        assertThat(testbed.node("far-off").latitude()).isNull();
        assertThat(testbed.node("far-off").mesh()).isEqualTo("none");
        assertThat(testbed.node("cp").controlPlane()).isTrue();
        NodeView newcomer = testbed.node("newcomer");
        assertThat(newcomer.joined()).isFalse();
        assertThat(newcomer.mesh()).isEqualTo("nat");
    }

    @Test
    void aNodesPageSaysWhatIsWrongAndWhatToDo() {
        VPNPeer silent = peer("silent", true, false, Map.of("other", direct(NOW)), NOW.minusSeconds(600));
        Fixtures.inactive(silent, NOW.minusSeconds(480));
        Testbed testbed = Testbed.of(new ClusterState(
                List.of(node("silent", false, null, null, Map.of()), node("other", true, null, null, Map.of()),
                        node("no-agent", true, null, null, Map.of())),
                List.of(silent, peer("newcomer", true, false, Map.of(), NOW)), List.of()), false);

        NodeDetail detail = NodeDetails.of(testbed, "silent").orElseThrow();
        assertThat(detail.node().active()).isFalse();
        assertThat(detail.problems()).extracting(NodeDetail.Problem::reason).containsExactly("KubeletNotReady", "NotSeen");
        assertThat(detail.problems().get(1).message()).contains("check the node and its agent");
        assertThat(detail.paths()).extracting(NodeDetail.Path::peer, NodeDetail.Path::mode).containsExactly(
                org.assertj.core.groups.Tuple.tuple("newcomer", "unknown"),
                org.assertj.core.groups.Tuple.tuple("no-agent", "unknown"),
                org.assertj.core.groups.Tuple.tuple("other", "direct"));

        assertThat(NodeDetails.of(testbed, "no-agent").orElseThrow().problems()).extracting(NodeDetail.Problem::reason)
                .containsExactly("NoVPNPeer");
        assertThat(NodeDetails.of(testbed, "newcomer").orElseThrow().problems()).extracting(NodeDetail.Problem::reason)
                .containsExactly("NotJoined");
        assertThat(NodeDetails.of(testbed, "nobody")).isEmpty();
    }

    @Test
    void sliversNeverShowKeysOrUsersAndSliceUrnsOnlyWhenConfigured() {
        var sliver = sliver("s1", "vm<1>", "edge", NOW.plusSeconds(3600), OperationalState.READY);
        String hidden = Publication.json(SliverViews.of(sliver, false));
        String shown = Publication.json(SliverViews.of(sliver, true));

        for (String json : List.of(hidden, shown)) {
            assertThat(json).doesNotContain(Fixtures.SECRET_KEY.substring(0, 20), "ssh-ed25519", Fixtures.OWNER_URN,
                    "alice", "users", "owner");
            assertThat(json).contains("\"clientId\":\"vm<1>\"", "\"loginHost\":\"203.0.113.10\"", "\"loginPort\":30022",
                    "\"operationalState\":\"geni_ready\"", "\"allocationState\":\"geni_provisioned\"",
                    "\"expires\":\"2026-12-03T13:00:00Z\"", "\"sliceId\":\"0123456789abcdef0123456789abcdef\"");
        }
        assertThat(hidden).doesNotContain("secret-experiment", "sliceUrn");
        assertThat(shown).contains("\"sliceUrn\":\"" + Fixtures.SLICE_URN + "\"");
    }

    @Test
    void aPublicationCarriesOnlyWhatChangedAndNothingWhenNothingDid() {
        ClusterState before = new ClusterState(List.of(node("a", true, 1.0, 1.0, Map.of())), List.of(),
                List.of(sliver("s1", "one", "a", NOW, OperationalState.READY),
                        sliver("s2", "two", "a", NOW, OperationalState.READY)));
        Publication first = Publication.of(1, Testbed.of(before, false), true, null);
        assertThat(Publication.of(2, Testbed.of(before, false), true, first)).isSameAs(first);

        ClusterState after = new ClusterState(before.nodes(), List.of(),
                List.of(sliver("s1", "one", "a", NOW, OperationalState.FAILED)));
        Publication second = Publication.of(2, Testbed.of(after, false), true, first);
        assertThat(second.previousVersion()).isEqualTo(1);
        assertThat(second.delta()).contains("\"from\":1", "\"remove\":[\"s2\"]", "geni_failed")
                .doesNotContain("\"two\"");
        assertThat(second.delta()).contains("\"nodes\":{\"upsert\":[{\"name\":\"a\"");  // its sliver count changed
        assertThat(second.document()).contains("\"version\":2").doesNotContain("\"s2\"");
    }

    @Test
    void aRebuildReusesTheJsonOfObjectsThatDidNotChange() {
        var kept = sliver("kept", "one", "a", NOW, OperationalState.READY);
        kept.getMetadata().setResourceVersion("7");
        var changing = sliver("changing", "two", "a", NOW, OperationalState.READY);
        changing.getMetadata().setResourceVersion("8");
        var node = node("a", true, 1.0, 1.0, Map.of());
        node.getMetadata().setResourceVersion("3");
        Publication first = Publication.of(1, Testbed.of(new ClusterState(List.of(node), List.of(),
                List.of(kept, changing)), false), true, null);

        var changed = sliver("changing", "two", "a", NOW, OperationalState.FAILED);
        changed.getMetadata().setResourceVersion("9");
        Publication second = Publication.of(2, Testbed.of(new ClusterState(List.of(node), List.of(),
                List.of(kept, changed)), false), true, first);

        assertThat(second.delta()).contains("geni_failed").doesNotContain("\"one\"").contains("\"nodes\":{\"upsert\":[]");
        assertThat(second.document()).contains("geni_failed", "\"one\"");
    }

    @Test
    void theTileServersOriginIsTheOnlyForeignImageSource() {
        assertThat(PageHeaders.tileOrigin("https://tile.openstreetmap.org/{z}/{x}/{y}.png"))
                .isEqualTo(" https://tile.openstreetmap.org");
        assertThat(PageHeaders.tileOrigin("https://{s}.tiles.example.net:8443/{z}/{x}/{y}.png"))
                .isEqualTo(" https://*.tiles.example.net:8443");
        assertThat(PageHeaders.tileOrigin("")).isEmpty();
        assertThat(PageHeaders.tileOrigin("/tiles/{z}/{x}/{y}.png")).isEmpty();
        assertThat(PageHeaders.tileOrigin("javascript:alert(1)")).isEmpty();
        assertThat(PageHeaders.tileOrigin("https://x.org; script-src *")).isEmpty();
    }
}
