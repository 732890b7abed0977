package io.edgefed.model;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Locale;
import java.util.StringJoiner;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A VPN address held by one node (cluster-scoped). The object is named after the address, so the API server itself
 * refuses a second claim of the same address: creating the claim is the lock.
 */
@Group(EdgefedKeys.GROUP)
@Version(EdgefedKeys.VERSION)
@Plural("vpnaddressclaims")
@Singular("vpnaddressclaim")
@ShortNames("vpnclaim")
@AdditionalPrinterColumn(name = "Address", jsonPath = ".spec.address", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Node", jsonPath = ".spec.node", type = AdditionalPrinterColumn.Type.STRING)
public class VpnAddressClaim extends CustomResource<VpnAddressClaimSpec, Void> {

    /**
     * The claim's name for an address: {@code v4-10-183-0-7} for IPv4, {@code v6-} and the eight fully written
     * groups for IPv6 ({@code v6-fd00-0000-0000-0000-0000-0000-0000-0007}), so that every spelling of one address
     * gives one name.
     */
    public static String nameFor(InetAddress address) {
        if (address instanceof Inet4Address) {
            return "v4-" + address.getHostAddress().replace('.', '-');
        }
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            StringJoiner groups = new StringJoiner("-", "v6-", "");
            HexFormat hex = HexFormat.of();
            for (int i = 0; i < bytes.length; i += 2) {
                groups.add(hex.formatHex(bytes, i, i + 2).toLowerCase(Locale.ROOT));
            }
            return groups.toString();
        }
        throw new IllegalArgumentException("not an IP address: " + address);
    }
}
