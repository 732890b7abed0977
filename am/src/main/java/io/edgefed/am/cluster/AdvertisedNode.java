package io.edgefed.am.cluster;

import java.util.Optional;

import io.edgefed.model.NodeLocation;

/**
 * A cluster node as the advertisement shows it.
 *
 * @param name      the Kubernetes node name (the URN's name part and {@code component_name})
 * @param arch      CPU architecture, e.g. {@code amd64}, advertised as hardware type
 * @param location  where the node stands (country, region, coordinates), from its labels and annotations
 * @param zone      {@code topology.kubernetes.io/zone}, if labelled
 * @param available whether containers can be placed there now (ready and schedulable)
 */
public record AdvertisedNode(String name, String arch, NodeLocation location, Optional<String> zone, boolean available) {
}
