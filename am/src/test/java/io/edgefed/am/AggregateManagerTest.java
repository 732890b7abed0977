package io.edgefed.am;

import io.edgefed.am.support.AmClient;
import io.edgefed.am.support.ClusterFixture;
import io.edgefed.am.support.Pki;
import io.edgefed.am.support.Rspecs;
import io.edgefed.am.support.TestPki;
import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Expiry;
import io.edgefed.model.OperationalState;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverNames;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.edgefed.am.support.AmClient.code;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The AM over the wire: Apache's XML-RPC client with a real TLS client certificate against the running AM, whose
 * Slivers land on the mock API server. The test plays the operator by writing Sliver status.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(TestPki.class)
class AggregateManagerTest {

    private static final AtomicInteger SLICES = new AtomicInteger();
    private static final Map<String, Object> GENI_3 = Map.of("type", "GENI", "version", "3");
    private static final String AM = "urn:publicid:IDN+" + TestPki.AUTHORITY + "+authority+am";

    @Inject
    KubernetesClient kube;

    @KubernetesTestServer
    KubernetesServer mockServer;

    private final AmClient alice = new AmClient("alice");

    @BeforeEach
    void cluster() {
        ClusterFixture.nodes(kube);
    }

    static String newSlice() {
        return "urn:publicid:IDN+" + TestPki.AUTHORITY + "+slice+s" + SLICES.incrementAndGet() + "x" + System.nanoTime() % 100000;
    }

    static Object[] credential(String user, String slice, Instant expires) {
        return Pki.credentials(Pki.sliceCredential(user, slice, expires, "*"));
    }

    static Object[] credential(String user, String slice) {
        return credential(user, slice, Instant.now().plus(2, ChronoUnit.HOURS));
    }

    /** The options plus geni_users holding alice with a key: the AM refuses a Provision nobody could log in to. */
    static Map<String, Object> withKey(Map<String, Object> options) {
        Map<String, Object> with = new java.util.HashMap<>(options);
        with.put("geni_users", new Object[] {Map.of("urn", Pki.urn("alice"), "keys", new Object[] {"ssh-ed25519 AAAAC3Nza alice"})});
        return with;
    }

    static Map<String, Object> options(Object... pairs) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> struct(Object o) {
        return (Map<String, Object>) o;
    }

    static List<Map<String, Object>> slivers(Object array) {
        return Arrays.stream((Object[]) array).map(AggregateManagerTest::struct).toList();
    }

    List<Sliver> sliversOf(String slice) {
        return kube.resources(Sliver.class).inNamespace(ClusterFixture.NAMESPACE)
                .withLabel(EdgefedKeys.SLICE_LABEL, SliverNames.sliceLabel(slice)).list().getItems();
    }

    String advertisement(Map<String, Object> opts) throws Exception {
        Map<String, Object> reply = alice.call("ListResources", credential("alice", newSlice()), opts);
        assertThat(code(reply)).as(String.valueOf(reply.get("output"))).isZero();
        return Boolean.TRUE.equals(opts.get("geni_compressed")) ? Rspecs.inflate((String) reply.get("value")) : (String) reply.get("value");
    }

    // ---------------------------------------------------------------- the booking sequence

    @Test
    void fullBookingSequenceFromGetVersionToDelete() throws Exception {
        // GetVersion with no argument at all, as omni sends it
        Map<String, Object> version = alice.call("GetVersion");
        assertThat(code(version)).isZero();
        assertThat(version.get("geni_api")).isEqualTo(3);
        Map<String, Object> v = struct(version.get("value"));
        assertThat(v.get("geni_api")).isEqualTo(3);
        assertThat(struct(v.get("geni_api_versions"))).containsEntry("3", "https://localhost:" + TestPki.PORT + "/xmlrpc/am/3.0");
        assertThat(v.get("geni_single_allocation")).isInstanceOf(Integer.class).isEqualTo(0);
        assertThat(v.get("geni_allocate")).isEqualTo("geni_many");
        assertThat(v.get("geni_code_tag")).isEqualTo(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.application.version", String.class)).asString().isNotBlank();
        assertThat(Arrays.stream((Object[]) v.get("geni_credential_types")).map(AggregateManagerTest::struct))
                .anySatisfy(t -> assertThat(t).containsEntry("geni_type", "geni_sfa").containsEntry("geni_version", "3"))
                .anySatisfy(t -> assertThat(t).containsEntry("geni_type", "geni_abac").containsEntry("geni_version", "1"));
        for (String key : List.of("geni_request_rspec_versions", "geni_ad_rspec_versions")) {
            assertThat(struct(((Object[]) v.get(key))[0])).containsKeys("type", "version", "schema", "namespace", "extensions");
        }

        // ListResources, compressed: the two workers and the cordoned one, never the control plane
        await().atMost(Duration.ofSeconds(10)).until(() -> advertisement(options("geni_rspec_version", GENI_3)).contains("worker-b"));
        String ad = advertisement(options("geni_rspec_version", GENI_3, "geni_compressed", true));
        assertThat(ad).contains("type=\"advertisement\"", "component_id=\"urn:publicid:IDN+edgefed:test+node+worker-a\"",
                "<hardware_type name=\"arm64\"", "<sliver_type name=\"container\"", "urn:publicid:IDN+edgefed:test+image+debian12",
                "rspec_opstate").doesNotContain("node+control\"");
        // jFed places a node on its map from an ISO 3166 country and decimal coordinates; a bad country is no location
        assertThat(ad).containsPattern("(?s)node\\+worker-a\"((?!<node ).)*<location country=\"BE\" latitude=\"51.0543\" longitude=\"3.7174\"")
                .doesNotContain("eu-west").containsOnlyOnce("<location ");
        assertThat(ad).containsPattern("node\\+cordoned\"[^>]*>(?s).*?<available now=\"false\"");
        assertThat(advertisement(options("geni_rspec_version", GENI_3, "geni_available", true))).doesNotContain("cordoned");

        // Allocate: n1 bound to worker-a with an image by short name, n2 unbound with an image URN
        String slice = newSlice();
        Instant credentialExpiry = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Object[] cred = credential("alice", slice, credentialExpiry);
        String request = Rspecs.request(Rspecs.node("n1", "urn:publicid:IDN+edgefed:test+node+worker-a", "debian12")
                + Rspecs.node("n2", null, "urn:publicid:IDN+edgefed:test+image+ubuntu2204"));
        Map<String, Object> allocated = alice.call("Allocate", slice, cred, request, options());
        assertThat(code(allocated)).as(String.valueOf(allocated.get("output"))).isZero();
        Map<String, Object> allocValue = struct(allocated.get("value"));
        assertThat((String) allocValue.get("geni_rspec")).contains("client_id=\"n1\"", "client_id=\"n2\"", "sliver_id=\"urn:publicid:IDN+edgefed:test+sliver+s");
        assertThat(slivers(allocValue.get("geni_slivers"))).hasSize(2).allSatisfy(s -> assertThat(s)
                .containsEntry("geni_allocation_status", "geni_allocated")
                .containsEntry("geni_operational_status", "geni_pending_allocation").containsEntry("geni_error", "")
                .containsKeys("geni_sliver_urn", "geni_expires"));
        List<Sliver> written = sliversOf(slice);
        assertThat(written).hasSize(2).allSatisfy(s -> {
            assertThat(s.getSpec().getSliceUrn()).isEqualTo(slice);
            assertThat(Expiry.of(s).instant()).isBefore(Instant.now().plus(Duration.ofMinutes(10)).plusSeconds(1));
            assertThat(s.getMetadata().getName()).isEqualTo(SliverNames.sliverName(slice, s.getSpec().getClientId()));
        });
        assertThat(written).anySatisfy(s -> assertThat(s.getSpec().getNode()).isEqualTo("worker-a"));
        assertThat(written).anySatisfy(s -> assertThat(s.getSpec().getImage()).isEqualTo("docker.io/library/debian:12"));

        // Provision with the experimenter's key
        String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq8 alice@example.org";
        Map<String, Object> provisioned = alice.call("Provision", new Object[] {slice}, cred, options("geni_rspec_version", GENI_3,
                "geni_users", new Object[] {Map.of("urn", Pki.urn("alice"), "keys", new Object[] {key})}));
        assertThat(code(provisioned)).as(String.valueOf(provisioned.get("output"))).isZero();
        assertThat(slivers(struct(provisioned.get("value")).get("geni_slivers")))
                .allSatisfy(s -> assertThat(s).containsEntry("geni_allocation_status", "geni_provisioned"));
        assertThat(sliversOf(slice)).allSatisfy(s -> {
            assertThat(s.getSpec().isProvisioned()).isTrue();
            assertThat(s.getSpec().getUsers()).singleElement().satisfies(u -> assertThat(u.getKeys()).containsExactly(key));
            assertThat(Expiry.of(s).instant()).isEqualTo(credentialExpiry);
        });

        // the operator's part: both run and are reachable
        int port = 30022;
        for (Sliver s : sliversOf(slice)) {
            ClusterFixture.operatorReports(kube, s.getMetadata().getName(), OperationalState.READY, "worker-a", "192.0.2.10", port++);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Object> status = alice.call("Status", new Object[] {slice}, cred, options());
            assertThat(code(status)).isZero();
            assertThat(struct(status.get("value"))).containsEntry("geni_urn", slice);
            assertThat(slivers(struct(status.get("value")).get("geni_slivers")))
                    .allSatisfy(s -> assertThat(s).containsEntry("geni_operational_status", "geni_ready"));
        });

        // PerformOperationalAction: stop n1 by its sliver URN, restart the whole slice
        String n1 = sliversOf(slice).stream().filter(s -> s.getSpec().getClientId().equals("n1")).findFirst().orElseThrow().getSpec().getSliverUrn();
        Map<String, Object> stopped = alice.call("PerformOperationalAction", new Object[] {n1}, cred, "geni_stop", options());
        assertThat(code(stopped)).as(String.valueOf(stopped.get("output"))).isZero();
        assertThat(slivers(stopped.get("value"))).singleElement().satisfies(s -> assertThat(s)
                .containsEntry("geni_sliver_urn", n1).containsEntry("geni_operational_status", "geni_stopping"));
        assertThat(sliversOf(slice)).filteredOn(s -> s.getSpec().getSliverUrn().equals(n1)).singleElement()
                .satisfies(s -> assertThat(s.getSpec().isRunning()).isFalse());
        Map<String, Object> restarted = alice.call("PerformOperationalAction", new Object[] {slice}, cred, "geni_restart", options());
        assertThat(code(restarted)).isZero();
        assertThat(sliversOf(slice)).allSatisfy(s -> {
            assertThat(s.getSpec().isRunning()).isTrue();
            assertThat(s.getSpec().getRestartMarker()).isNotBlank();
        });

        // Describe: manifest with the login the operator reported
        Map<String, Object> described = alice.call("Describe", new Object[] {slice}, cred, options("geni_rspec_version", GENI_3));
        assertThat(code(described)).isZero();
        String manifest = (String) struct(described.get("value")).get("geni_rspec");
        assertThat(manifest).contains("type=\"manifest\"", "client_id=\"n1\"", "component_id=\"urn:publicid:IDN+edgefed:test+node+worker-a\"",
                "component_manager_id=\"" + AM + "\"", "<login authentication=\"ssh-keys\" hostname=\"192.0.2.10\" port=\"30022\" username=\"root\"");
        assertThat(struct(described.get("value"))).containsEntry("geni_urn", slice);

        // Renew within the credential
        Instant renewTo = Instant.now().plus(90, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> renewed = alice.call("Renew", new Object[] {slice}, cred, renewTo.toString(), options());
        assertThat(code(renewed)).as(String.valueOf(renewed.get("output"))).isZero();
        assertThat(sliversOf(slice)).allSatisfy(s -> assertThat(Expiry.of(s).instant()).isEqualTo(renewTo));

        // Delete: unallocated, gone from the API server, and unknown afterwards
        Map<String, Object> deleted = alice.call("Delete", new Object[] {slice}, cred, options());
        assertThat(code(deleted)).isZero();
        assertThat(slivers(deleted.get("value"))).hasSize(2)
                .allSatisfy(s -> assertThat(s).containsEntry("geni_allocation_status", "geni_unallocated"));
        assertThat(sliversOf(slice)).isEmpty();
        assertThat(code(alice.call("Status", new Object[] {slice}, cred, options()))).isEqualTo(12);
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void withoutAnSshKeyProvisionAndAllocateAreRefusedInOmniTermsAndNothingChanges() throws Exception {
        String slice = newSlice();
        Object[] cred = credential("alice", slice);
        String request = Rspecs.request(Rspecs.node("k1", null, "debian12"));
        Object[] keyless = {Map.of("urn", Pki.urn("alice"), "keys", new Object[0])};

        Map<String, Object> allocateWithKeylessUsers = alice.call("Allocate", slice, cred, request, options("geni_users", keyless));
        assertThat(code(allocateWithKeylessUsers)).isEqualTo(1);
        assertThat(sliversOf(slice)).isEmpty();

        assertThat(code(alice.call("Allocate", slice, cred, request, options()))).isZero();
        for (Map<String, Object> opts : List.of(options("geni_rspec_version", GENI_3),
                options("geni_rspec_version", GENI_3, "geni_users", keyless),
                options("geni_rspec_version", GENI_3, "geni_users", new Object[0]))) {
            Map<String, Object> refused = alice.call("Provision", new Object[] {slice}, cred, opts);
            assertThat(code(refused)).isEqualTo(1);
            assertThat((String) refused.get("output")).contains("SSH public key", "geni_users", "omni", "jFed")
                    .doesNotContain("spec.");
        }
        assertThat(sliversOf(slice)).singleElement().satisfies(s -> {
            assertThat(s.getSpec().isProvisioned()).isFalse();
            assertThat(s.getSpec().getUsers()).isNullOrEmpty();
        });

        // a sliver the operator failed: its error in GENI words, and once deleted no error at all
        assertThat(code(alice.call("Provision", new Object[] {slice}, cred, options("geni_rspec_version", GENI_3,
                "geni_users", new Object[] {Map.of("urn", Pki.urn("alice"), "keys", new Object[] {"ssh-ed25519 AAAAC3Nza k"})})))).isZero();
        ClusterFixture.operatorFails(kube, sliversOf(slice).get(0).getMetadata().getName(),
                "spec.image 'x y' is not a valid image reference; use registry/name:tag");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(slivers(struct(
                alice.call("Status", new Object[] {slice}, cred, options()).get("value")).get("geni_slivers")))
                .singleElement().satisfies(s -> assertThat((String) s.get("geni_error"))
                        .contains("disk_image").doesNotContain("spec.")));
        Map<String, Object> deleted = alice.call("Delete", new Object[] {slice}, cred, options());
        assertThat(code(deleted)).isZero();
        assertThat(slivers(deleted.get("value"))).singleElement().satisfies(s -> assertThat(s)
                .containsEntry("geni_allocation_status", "geni_unallocated").containsEntry("geni_error", ""));
    }

    @Test
    void listResourcesWithoutRspecVersionIsBadArgs1AndAnUnsupportedOneIsBadVersion4() {
        Object[] cred = credential("alice", newSlice());
        assertThat(code(alice.call("ListResources", cred, options()))).isEqualTo(1);
        assertThat(code(alice.call("ListResources", cred, options("geni_rspec_version", Map.of("type", "ProtoGENI", "version", "2"))))).isEqualTo(4);
        assertThat(code(alice.call("Describe", new Object[] {newSlice()}, cred, options()))).isEqualTo(1);
    }

    @Test
    void malformedArgumentsAreBadArgs1() {
        String slice = newSlice();
        Object[] cred = credential("alice", slice);
        assertThat(code(alice.call("Status", new Object[] {slice, newSlice()}, cred, options()))).isEqualTo(1);
        assertThat(code(alice.call("Status", new Object[] {slice}, cred))).isEqualTo(1);
        assertThat(code(alice.call("Status", slice, cred, options()))).isEqualTo(1);
        assertThat(code(alice.call("Status", new Object[] {slice}, "not an array", options()))).isEqualTo(1);
        assertThat(code(alice.call("Allocate", Pki.urn("alice"), cred, Rspecs.request(Rspecs.node("n1", null, null)), options()))).isEqualTo(1);
        assertThat(code(alice.call("Renew", new Object[] {slice}, cred, "next tuesday", options()))).isEqualTo(1);
        assertThat(code(alice.call("Status", new Object[] {"urn:publicid:IDN+" + TestPki.AUTHORITY + "+user+alice"}, cred, options()))).isEqualTo(1);
        assertThat(code(alice.call("NoSuchMethod"))).isEqualTo(13);
    }

    @Test
    void malformedOrUnacceptableRspecsAreRefusedWithClearErrorsAndLeaveNothingBehind() {
        String slice = newSlice();
        Object[] cred = credential("alice", slice);
        Map<String, Object> notXml = alice.call("Allocate", slice, cred, "<rspec type=\"request\"><node", options());
        assertThat(code(notXml)).isEqualTo(1);
        assertThat((String) notXml.get("output")).contains("not acceptable XML");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<rspec type=\"request\" xmlns=\"http://www.geni.net/resources/rspec/3\"><node client_id=\"&x;\"/></rspec>";
        Map<String, Object> entity = alice.call("Allocate", slice, cred, xxe, options());
        assertThat(code(entity)).isEqualTo(1);
        assertThat(String.valueOf(entity.get("output"))).doesNotContain("root:");
        assertThat(code(alice.call("Allocate", slice, cred, Rspecs.request(""), options()))).isEqualTo(1);
        Map<String, Object> fakeVm = alice.call("Allocate", slice, cred,
                Rspecs.request("<node client_id=\"n1\"><sliver_type name=\"fake-vm\"/></node>"), options());
        assertThat(code(fakeVm)).isEqualTo(1);
        assertThat((String) fakeVm.get("output")).contains("fake-vm", "container");
        assertThat(code(alice.call("Allocate", slice, cred, Rspecs.request(Rspecs.node("n1", null, "windows95")), options()))).isEqualTo(1);
        // all or nothing: n1 is fine, n2 names a node this AM does not have
        Map<String, Object> partial = alice.call("Allocate", slice, cred, Rspecs.request(Rspecs.node("n1", null, null)
                + Rspecs.node("n2", "urn:publicid:IDN+edgefed:test+node+nowhere", null)), options());
        assertThat(code(partial)).isEqualTo(1);
        assertThat(code(alice.call("Allocate", slice, cred, Rspecs.request(Rspecs.node("n1", null, null)
                + Rspecs.node("n2", "urn:publicid:IDN+edgefed:test+node+control", null)), options()))).isEqualTo(1);
        assertThat(sliversOf(slice)).isEmpty();
        // a node for another aggregate only: nothing for us
        assertThat(code(alice.call("Allocate", slice, cred, Rspecs.request(
                "<node client_id=\"far\" component_manager_id=\"urn:publicid:IDN+other.org+authority+am\"/>"), options()))).isEqualTo(1);
        // a second Allocate of an existing client_id fails whole, leaving the new node out
        assertThat(code(alice.call("Allocate", slice, cred, Rspecs.request(Rspecs.node("n1", null, null)), options()))).isZero();
        assertThat(code(alice.call("Allocate", slice, cred, Rspecs.request(Rspecs.node("n3", null, null) + Rspecs.node("n1", null, null)), options())))
                .isEqualTo(17);
        assertThat(sliversOf(slice)).singleElement().satisfies(s -> assertThat(s.getSpec().getClientId()).isEqualTo("n1"));
        assertThat(code(alice.call("Allocate", slice, cred, "x".repeat(1_048_577), options()))).isEqualTo(6);
    }

    @Test
    void aSliverOfAnotherSliceIsNotReachableWithMyCredential() {
        String aliceSlice = newSlice();
        String bobSlice = newSlice();
        Object[] aliceCred = credential("alice", aliceSlice);
        AmClient bob = new AmClient("bob");
        Object[] bobCred = credential("bob", bobSlice);
        assertThat(code(alice.call("Allocate", aliceSlice, aliceCred, Rspecs.request(Rspecs.node("a1", null, null)), options()))).isZero();
        assertThat(code(bob.call("Allocate", bobSlice, bobCred, Rspecs.request(Rspecs.node("b1", null, null)), options()))).isZero();
        String aliceSliver = sliversOf(aliceSlice).get(0).getSpec().getSliverUrn();
        String bobSliver = sliversOf(bobSlice).get(0).getSpec().getSliverUrn();

        for (String method : List.of("Status", "Delete")) {
            Map<String, Object> reply = bob.call(method, new Object[] {aliceSliver}, bobCred, options());
            assertThat(code(reply)).as(method + ": " + reply.get("output")).isIn(3, 22);
        }
        assertThat(code(bob.call("Describe", new Object[] {aliceSliver, bobSliver}, bobCred, options("geni_rspec_version", GENI_3)))).isEqualTo(1);
        assertThat(code(alice.call("Status", new Object[] {aliceSlice}, bobCred, options()))).isIn(3, 22);
        assertThat(sliversOf(aliceSlice)).hasSize(1);
        assertThat(code(alice.call("Status", new Object[] {"urn:publicid:IDN+" + TestPki.AUTHORITY + "+sliver+snothere"}, aliceCred, options())))
                .isEqualTo(12);
    }

    @Test
    void renewPastTheCredentialsExpiryIsOutOfRange19UnlessExtendAsLongAsPossible() {
        String slice = newSlice();
        Instant credentialExpiry = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Object[] cred = credential("alice", slice, credentialExpiry);
        assertThat(code(alice.call("Allocate", slice, cred, Rspecs.request(Rspecs.node("n1", null, null)), options()))).isZero();
        assertThat(code(alice.call("Provision", new Object[] {slice}, cred, withKey(options("geni_rspec_version", GENI_3))))).isZero();
        String tooLate = credentialExpiry.plus(1, ChronoUnit.DAYS).toString();
        Map<String, Object> refused = alice.call("Renew", new Object[] {slice}, cred, tooLate, options());
        assertThat(code(refused)).isEqualTo(19);
        assertThat((String) refused.get("output")).contains("slice credential");
        assertThat(code(alice.call("Renew", new Object[] {slice}, cred, Instant.now().minusSeconds(60).toString(), options()))).isEqualTo(19);
        Map<String, Object> cut = alice.call("Renew", new Object[] {slice}, cred, tooLate, options("geni_extend_alap", true));
        assertThat(code(cut)).isZero();
        assertThat(sliversOf(slice)).singleElement().satisfies(s -> assertThat(Expiry.of(s).instant()).isEqualTo(credentialExpiry));
        // a still-allocated sliver can only be renewed within the short allocation timeout
        String other = newSlice();
        Object[] otherCred = credential("alice", other);
        assertThat(code(alice.call("Allocate", other, otherCred, Rspecs.request(Rspecs.node("n1", null, null)), options()))).isZero();
        assertThat(code(alice.call("Renew", new Object[] {other}, otherCred, Instant.now().plus(1, ChronoUnit.HOURS).toString(), options())))
                .isEqualTo(19);
    }

    /**
     * The per-slice limit (210 in tests) holds under concurrency: two 45-node Allocates racing into a slice that holds
     * 130 cannot both pass; one gets 6 TOOBIG and the slice ends with 175 slivers, never 220.
     */
    @Test
    void racingAllocatesAtTheSliceLimitCannotBothPass() throws Exception {
        String slice = newSlice();
        Object[] cred = credential("alice", slice);
        assertThat(code(alice.call("Allocate", slice, cred, Rspecs.request(nodes("held", 130)), options()))).isZero();
        java.util.concurrent.ExecutorService racers = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Map<String, Object>>> replies = new java.util.ArrayList<>();
            for (String prefix : List.of("a", "b")) {
                String rspec = Rspecs.request(nodes(prefix, 45));
                AmClient client = new AmClient("alice");
                replies.add(racers.submit(() -> {
                    start.await();
                    return client.call("Allocate", slice, cred, rspec, options());
                }));
            }
            start.countDown();
            List<Integer> codes = new java.util.ArrayList<>();
            for (var reply : replies) {
                Map<String, Object> r = reply.get(60, java.util.concurrent.TimeUnit.SECONDS);
                codes.add(code(r));
                if (code(r) != 0) {
                    assertThat((String) r.get("output")).contains("at most " + TestPki.SLIVERS_PER_SLICE);
                }
            }
            assertThat(codes).containsExactlyInAnyOrder(0, 6);
        } finally {
            racers.shutdownNow();
        }
        assertThat(sliversOf(slice)).hasSize(175);
    }

    private static String nodes(String prefix, int count) {
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < count; i++) {
            nodes.append(Rspecs.node(prefix + i, null, null));
        }
        return nodes.toString();
    }

    /**
     * Times the JDK reads and times it cannot, at and beyond the ends of its range and of RFC 3339's, through every
     * argument and option that takes one and as a credential's expiry: each answers 1 BADARGS or 19 OUTOFRANGE with a
     * message, never 5, and allocates nothing (only a Renew to a time within range with geni_extend_alap succeeds,
     * cut to the limit).
     */
    @Test
    void everyTimeAtOrBeyondTheEdgesOfTheRangeAnswersBadArgsOrOutOfRange() {
        List<Object> times = List.of("+999999999-12-31T23:59:59-18:00", "-999999999-01-01T00:00:00+18:00",
                "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z",
                "9999-12-31T23:59:59-18:00", "0001-01-01T00:00:00+18:00", "0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
                "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2026-02-30T10:00:00Z",
                "2026-11-27T24:00:00Z", "2026-11-27T23:59:60Z", "2026-W48-5", "2026-11-27T10:00:00+25:00",
                "2026-11-27T10:00:00.1234567891Z", "", " ", "tomorrow", "9".repeat(10_000),
                new java.util.Date(Long.MAX_VALUE), new java.util.Date(Long.MIN_VALUE), new java.util.Date(0));
        String slice = newSlice();
        Object[] cred = credential("alice", slice);
        assertThat(code(alice.call("Allocate", slice, cred, Rspecs.request(Rspecs.node("n1", null, null)), options()))).isZero();
        assertThat(code(alice.call("Provision", new Object[] {slice}, cred, withKey(options("geni_rspec_version", GENI_3))))).isZero();
        String other = newSlice();
        Object[] otherCred = credential("alice", other);
        for (Object time : times) {
            Map<String, Map<String, Object>> replies = new java.util.LinkedHashMap<>();
            replies.put("Renew", alice.call("Renew", new Object[] {slice}, cred, time, options()));
            replies.put("Renew alap", alice.call("Renew", new Object[] {slice}, cred, time, options("geni_extend_alap", true)));
            replies.put("Allocate", alice.call("Allocate", other, otherCred, Rspecs.request(Rspecs.node("n1", null, null)),
                    options("geni_end_time", time)));
            replies.put("Provision", alice.call("Provision", new Object[] {slice}, cred,
                    withKey(options("geni_rspec_version", GENI_3, "geni_end_time", time))));
            replies.forEach((method, reply) -> {
                if (method.equals("Renew alap") && time.equals("9999-12-31T23:59:59Z")) {
                    assertThat(code(reply)).as("a time within range is cut to the limit").isZero();
                    return;
                }
                assertThat(code(reply)).as(method + " with " + shortly(time) + ": " + reply.get("output")).isIn(1, 19);
                assertThat((String) reply.get("output")).as(method + " with " + shortly(time)).isNotBlank();
            });
            assertThat(sliversOf(other)).as("nothing allocated with " + shortly(time)).isEmpty();
        }
        // A credential whose expiry is that far out (or that far back): an Allocate with a past geni_end_time under it.
        for (String far : List.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z")) {
            String farSlice = newSlice();
            Object[] farCred = Pki.credentials(Pki.sliceCredential("alice", farSlice, Instant.parse(far), "*"));
            Map<String, Object> reply = alice.call("Allocate", farSlice, farCred, Rspecs.request(Rspecs.node("n1", null, null)),
                    options("geni_end_time", "2000-01-01T00:00:00Z"));
            assertThat(code(reply)).as("a credential expiring " + far + ": " + reply.get("output")).isIn(1, 19);
            assertThat((String) reply.get("output")).contains("expires");
        }
    }

    private static String shortly(Object time) {
        String text = String.valueOf(time);
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    @Test
    void operationalActionsOnlyForProvisionedSliversAndUnknownActionsAreUnsupported13() {
        String slice = newSlice();
        Object[] cred = credential("alice", slice);
        assertThat(code(alice.call("Allocate", slice, cred, Rspecs.request(Rspecs.node("n1", null, null)), options()))).isZero();
        assertThat(code(alice.call("PerformOperationalAction", new Object[] {slice}, cred, "geni_reboot_the_world", options()))).isEqualTo(13);
        assertThat(code(alice.call("PerformOperationalAction", new Object[] {slice}, cred, "geni_start", options()))).isEqualTo(7);
        assertThat(code(alice.call("Provision", new Object[] {slice}, cred, withKey(options("geni_rspec_version", GENI_3))))).isZero();
        assertThat(code(alice.call("PerformOperationalAction", new Object[] {slice}, cred, "geni_update_users", options()))).isEqualTo(1);
        // not ready yet: updating users is refused
        Object[] users = {Map.of("urn", Pki.urn("alice"), "keys", new Object[] {"ssh-ed25519 AAAAnew alice"})};
        assertThat(code(alice.call("PerformOperationalAction", new Object[] {slice}, cred, "geni_update_users", options("geni_users", users))))
                .isEqualTo(7);
        ClusterFixture.operatorReports(kube, sliversOf(slice).get(0).getMetadata().getName(), OperationalState.READY, "worker-b", "192.0.2.11", 30100);
        await().atMost(Duration.ofSeconds(10)).until(() -> code(alice.call("PerformOperationalAction", new Object[] {slice}, cred,
                "geni_update_users", options("geni_users", users))) == 0);
        assertThat(sliversOf(slice).get(0).getSpec().getUsers()).singleElement()
                .satisfies(u -> assertThat(u.getKeys()).containsExactly("ssh-ed25519 AAAAnew alice"));
    }

    @Test
    void shutdownStopsTheSliceAndRefusesNewWorkUntilCleared() {
        String slice = newSlice();
        Object[] cred = credential("alice", slice);
        assertThat(code(alice.call("Allocate", slice, cred, Rspecs.request(Rspecs.node("n1", null, null)), options()))).isZero();
        assertThat(code(alice.call("Provision", new Object[] {slice}, cred, withKey(options("geni_rspec_version", GENI_3))))).isZero();
        Map<String, Object> shut = alice.call("Shutdown", slice, cred, options());
        assertThat(code(shut)).isZero();
        assertThat(shut.get("value")).isEqualTo(true);
        assertThat(sliversOf(slice)).allSatisfy(s -> assertThat(s.getSpec().isRunning()).isFalse());
        await().atMost(Duration.ofSeconds(5)).until(() -> code(alice.call("Allocate", slice, cred,
                Rspecs.request(Rspecs.node("n2", null, null)), options())) == 11);
        assertThat(code(alice.call("PerformOperationalAction", new Object[] {slice}, cred, "geni_start", options()))).isEqualTo(11);
        assertThat(code(alice.call("Status", new Object[] {slice}, cred, options()))).isZero();
        assertThat(code(alice.call("Shutdown", slice, cred, options()))).isZero();
        assertThat(code(alice.call("Shutdown", new Object[] {slice}, cred, options()))).isEqualTo(1);
        // an admin clears the mark
        kube.configMaps().inNamespace(ClusterFixture.NAMESPACE).withLabel("edgefed.io/shutdown").delete();
        await().atMost(Duration.ofSeconds(5)).until(() -> code(alice.call("PerformOperationalAction", new Object[] {slice}, cred,
                "geni_start", options())) == 0);
    }

    @Test
    void statusAndDescribeOfA30SliverSliceMakeNoKubernetesApiRequest() {
        String slice = newSlice();
        Object[] cred = credential("alice", slice);
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            nodes.append(Rspecs.node("n" + i, null, null));
        }
        assertThat(code(alice.call("Allocate", slice, cred, Rspecs.request(nodes.toString()), options()))).isZero();
        int before = mockServer.getKubernetesMockServer().getRequestCount();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> status = alice.call("Status", new Object[] {slice}, cred, options());
            assertThat(slivers(struct(status.get("value")).get("geni_slivers"))).hasSize(30);
            assertThat(code(alice.call("Describe", new Object[] {slice}, cred, options("geni_rspec_version", GENI_3)))).isZero();
        }
        assertThat(mockServer.getKubernetesMockServer().getRequestCount()).isEqualTo(before);
    }

    // ---------------------------------------------------------------- RSpecs against the GENI schemas

    @Test
    void whatWeAdvertiseAndTheRequestsWeAcceptValidateAgainstTheGeniSchemas() throws Exception {
        Optional<Path> geni = Rspecs.sharedGeni();
        Assumptions.assumeTrue(geni.isPresent(), "shared/geni (GENI RSpec schemas) is not next to the project; set -Dedgefed.shared");
        await().atMost(Duration.ofSeconds(10)).until(() -> advertisement(options("geni_rspec_version", GENI_3)).contains("worker-b"));
        Rspecs.validate(geni.get(), "ad.xsd", advertisement(options("geni_rspec_version", GENI_3)));
        String request = Rspecs.request(Rspecs.node("n1", "urn:publicid:IDN+edgefed:test+node+worker-a", "debian12")
                + Rspecs.node("n2", null, "urn:publicid:IDN+edgefed:test+image+ubuntu2204"));
        Rspecs.validate(geni.get(), "request.xsd", request);
        String slice = newSlice();
        assertThat(code(alice.call("Allocate", slice, credential("alice", slice), request, options()))).isZero();
    }
}
