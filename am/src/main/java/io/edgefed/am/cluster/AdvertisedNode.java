package io.edgefed.am.cluster;

import java.util.Optional;

/**
 * A cluster node as the advertisement shows it.
 *
 * @param name      the Kubernetes node name (the URN's name part and {@code component_name})
 * @param arch      CPU architecture, e.g. {@code amd64}, advertised as hardware type
 * @param region    {@code topology.kubernetes.io/region}, if labelled
 * @param zone      {@code topology.kubernetes.io/zone}, if labelled
 * @param available whether containers can be placed there now (ready and schedulable)
 */
public record AdvertisedNode(String name, String arch, Optional<String> region, Optional<String> zone, boolean available) {
}
