package io.edgefed.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One node's place in the WireGuard mesh (cluster-scoped, named after the node). The node's agent writes the spec
 * and the status; once the Node object exists it owns the VPNPeer, so deleting the Node removes it.
 */
@Group(EdgefedKeys.GROUP)
@Version(EdgefedKeys.VERSION)
@Kind("VPNPeer")
@Plural("vpnpeers")
@Singular("vpnpeer")
@ShortNames("vpnp")
@AdditionalPrinterColumn(name = "IPv4", jsonPath = ".spec.addressV4", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "IPv6", jsonPath = ".spec.addressV6", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".spec.endpoint", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Observed", jsonPath = ".status.observedEndpoint", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "NAT", jsonPath = ".spec.behindNat", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Relay", jsonPath = ".spec.relay", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "Active", jsonPath = ".status.conditions[?(@.type==\"Active\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Direct", jsonPath = ".status.directPaths", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Relayed", jsonPath = ".status.relayedPaths", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Down", jsonPath = ".status.downPaths", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Last-Seen", jsonPath = ".status.lastSeen", type = AdditionalPrinterColumn.Type.DATE)
public class VPNPeer extends CustomResource<VPNPeerSpec, VPNPeerStatus> {

    /** The CRD's name, {@code vpnpeers.edgefed.io}. */
    public static final String CRD_NAME = "vpnpeers." + EdgefedKeys.GROUP;
}
