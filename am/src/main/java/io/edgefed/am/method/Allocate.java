package io.edgefed.am.method;

import io.edgefed.am.call.SshKeyRequirement;

import io.edgefed.am.call.AmArguments;
import io.edgefed.am.call.AmCall;
import io.edgefed.am.call.Options;
import io.edgefed.am.call.RequestLimits;
import io.edgefed.am.cluster.AdvertisedNode;
import io.edgefed.am.cluster.AllocationWrite;
import io.edgefed.am.cluster.ExpiryPolicy;
import io.edgefed.am.cluster.NodeInventory;
import io.edgefed.am.cluster.SliceAdmission;
import io.edgefed.am.cluster.SliceShutdowns;
import io.edgefed.am.cluster.SliverReport;
import io.edgefed.am.cluster.SliverStore;
import io.edgefed.am.config.AmConfig;
import io.edgefed.am.config.DiskImage;
import io.edgefed.am.config.DiskImages;
import io.edgefed.am.credential.Authorization;
import io.edgefed.am.credential.CredentialVerifier;
import io.edgefed.am.credential.Privileges;
import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import io.edgefed.am.geni.GeniReply;
import io.edgefed.am.geni.GeniTime;
import io.edgefed.am.rspec.AdvertisementWriter;
import io.edgefed.am.rspec.ManifestWriter;
import io.edgefed.am.rspec.RequestRspecParser;
import io.edgefed.am.rspec.RequestedNode;
import io.edgefed.geni.GeniUrn;
import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Expiry;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverNames;
import io.edgefed.model.SliverSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Allocate(slice_urn, credentials, rspec, options): reserves one Sliver per requested node meant for this AM (its
 * {@code component_manager_id} is ours or absent). All or nothing: every node is checked before anything is
 * written, a failed write removes what this call already wrote, and the Slivers of a call that dies half-way stay
 * invisible until a retry takes them over or the sweeper removes them ({@link AllocationWrite}).
 */
@ApplicationScoped
public class Allocate implements AmMethod {

    private final CredentialVerifier verifier;
    private final RequestRspecParser parser;
    private final SliverStore store;
    private final NodeInventory nodes;
    private final DiskImages images;
    private final ExpiryPolicy expiry;
    private final SliceShutdowns shutdowns;
    private final ManifestWriter manifest;
    private final AmConfig config;
    private final RequestLimits limits;
    private final SliceAdmission admission;

    Allocate(CredentialVerifier verifier, RequestRspecParser parser, SliverStore store, NodeInventory nodes,
            DiskImages images, ExpiryPolicy expiry, SliceShutdowns shutdowns, ManifestWriter manifest, AmConfig config,
            RequestLimits limits, SliceAdmission admission) {
        this.limits = limits;
        this.admission = admission;
        this.verifier = verifier;
        this.parser = parser;
        this.store = store;
        this.nodes = nodes;
        this.images = images;
        this.expiry = expiry;
        this.shutdowns = shutdowns;
        this.manifest = manifest;
        this.config = config;
    }

    @Override
    public String name() {
        return "Allocate";
    }

    @Override
    public Map<String, Object> call(AmCall call) throws GeniException {
        AmArguments args = call.args().expect(4, 4);
        GeniUrn slice = sliceUrn(args.string(0, "slice_urn"));
        Object[] credentials = args.credentials(1);
        String rspec = args.string(2, "rspec");
        Options options = args.options(3);
        Optional<Instant> endTime = options.time("geni_end_time");
        List<RequestedNode> requested = ours(parser.parse(rspec));
        limits.checkNodes(requested.size());
        limits.checkUsers(options);

        Authorization authorization = verifier.authorize(call.caller(), credentials, slice, Privileges.ALLOCATE, options.asMap(),
                call.now());
        shutdowns.requireOpen(slice.toString());
        SshKeyRequirement.requireIfGiven(options);
        if (endTime.isPresent() && (!endTime.get().isAfter(call.now()) || endTime.get().isAfter(authorization.expires()))) {
            throw new GeniException(GeniCode.OUTOFRANGE, "geni_end_time " + GeniTime.format(endTime.get())
                    + " must lie between now and the slice credential's expiry, " + GeniTime.format(authorization.expires()));
        }
        Instant expires = expiry.allocated(call.now(), authorization.expires());

        List<Sliver> planned = new ArrayList<>();
        for (RequestedNode node : requested) {
            planned.add(plan(slice, node, authorization.user(), expires));
        }
        // The slice's count and the write it allows are one step on this replica (SliceAdmission).
        List<Sliver> created = admission.admit(SliverNames.sliceLabel(slice.canonical()), planned.size(), call.now(), () -> {
            AllocationWrite write = new AllocationWrite(store, config.allocationGrace(), AllocationWrite.key(
                    slice.canonical(), authorization.user().toString(), planned.stream().map(Allocate::describe).toList()),
                    call.now());
            List<AllocationWrite.Planned> plan = new ArrayList<>();
            for (Sliver sliver : planned) {
                plan.add(write.plan(sliver, sliver.getSpec().getClientId(), slice.toString(), call.now()));
            }
            try {
                return write.write(plan, AllocationWrite.NONE);
            } catch (GeniException e) {
                if (e.code() == GeniCode.BUSY) {
                    throw new GeniException(GeniCode.ALREADYEXISTS, "a node of this request was allocated in slice " + slice
                            + " at the same time by another call; Describe the slice and try again", e);
                }
                throw e;
            }
        });
        return GeniReply.success(Map.of("geni_rspec", manifest.manifest(created), "geni_slivers", SliverReport.of(created)));
    }

    /** What a retry of the same request plans identically for one node. */
    private static String describe(Sliver s) {
        return s.getSpec().getClientId() + "\0" + s.getSpec().getImage() + "\0" + s.getSpec().getNode();
    }

    private static GeniUrn sliceUrn(String text) throws GeniException {
        try {
            GeniUrn urn = GeniUrn.parse(text);
            if (urn.type().equals("slice")) {
                return urn;
            }
        } catch (IllegalArgumentException e) {
            // reported below, with what a slice URN looks like
        }
        throw new GeniException(GeniCode.BADARGS, "'" + text + "' is not a slice URN (urn:publicid:IDN+<authority>+slice+<name>)");
    }

    /** The nodes meant for this AM: bound to it, or unbound. */
    private List<RequestedNode> ours(List<RequestedNode> all) throws GeniException {
        List<RequestedNode> mine = new ArrayList<>();
        for (RequestedNode node : all) {
            if (node.componentManagerId().isEmpty() || isUs(node.componentManagerId().get())) {
                mine.add(node);
            }
        }
        if (mine.isEmpty()) {
            throw new GeniException(GeniCode.BADARGS, "no node of the request RSpec is for this aggregate ("
                    + GeniUrn.of(config.authority(), "authority", "am") + "); set component_manager_id to it or leave it out");
        }
        return mine;
    }

    private boolean isUs(String componentManagerId) {
        return GeniUrn.isUrnOfType(componentManagerId, "authority")
                && GeniUrn.parse(componentManagerId).authority().equalsIgnoreCase(config.authority());
    }

    private Sliver plan(GeniUrn slice, RequestedNode node, GeniUrn owner, Instant expires) throws GeniException {
        String clientId = node.clientId();
        if (node.sliverType().isPresent() && !AdvertisementWriter.SLIVER_TYPE.equals(node.sliverType().get())) {
            throw new GeniException(GeniCode.BADARGS, "node '" + clientId + "' asks for sliver type '" + node.sliverType().get()
                    + "'; this aggregate offers only '" + AdvertisementWriter.SLIVER_TYPE + "'");
        }
        DiskImage image = images.defaultImage();
        if (node.diskImage().isPresent()) {
            image = images.find(node.diskImage().get()).orElseThrow(() -> new GeniException(GeniCode.BADARGS,
                    "node '" + clientId + "' asks for disk image '" + node.diskImage().get() + "'; this aggregate offers "
                            + images.names() + " (short name or image URN)"));
        }
        String placement = null;
        if (node.componentId().isPresent()) {
            placement = placement(clientId, node.componentId().get());
        }
        String name = SliverNames.sliverName(slice.canonical(), clientId);
        Sliver sliver = new Sliver();
        sliver.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(config.namespace())
                .addToLabels(EdgefedKeys.SLICE_LABEL, SliverNames.sliceLabel(slice.canonical()))
                .addToLabels(EdgefedKeys.SLIVER_LABEL, name)
                .addToLabels(EdgefedKeys.MANAGED_BY_LABEL, "edgefed-am").build());
        Expiry.write(sliver, expires);
        SliverSpec spec = new SliverSpec();
        spec.setSliceUrn(slice.canonical()); // the operator hashes it into the same slice label
        spec.setSliverUrn(GeniUrn.of(config.authority(), "sliver", name).toString());
        spec.setClientId(clientId);
        spec.setOwnerUrn(owner.toString());
        spec.setImage(image.containerImage());
        spec.setNode(placement);
        spec.setProvisioned(false);
        spec.setRunning(true);
        sliver.setSpec(spec);
        return sliver;
    }

    private String placement(String clientId, String componentId) throws GeniException {
        if (!GeniUrn.isUrnOfType(componentId, "node") || !GeniUrn.parse(componentId).authority().equalsIgnoreCase(config.authority())) {
            throw new GeniException(GeniCode.BADARGS, "node '" + clientId + "' is bound to '" + componentId
                    + "', which is not a node of this aggregate; pick a component_id from ListResources or leave it out");
        }
        String name = GeniUrn.parse(componentId).name();
        AdvertisedNode found = nodes.find(name).orElseThrow(() -> new GeniException(GeniCode.BADARGS,
                "node '" + clientId + "' is bound to " + componentId + ", which this aggregate does not have; see ListResources"));
        if (!found.available()) {
            throw new GeniException(GeniCode.INSUFFICIENT_NODES, "node '" + clientId + "' is bound to " + componentId
                    + ", which cannot take containers now (not ready or cordoned); pick another or leave component_id out");
        }
        return name;
    }
}
