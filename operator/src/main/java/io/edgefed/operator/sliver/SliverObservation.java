package io.edgefed.operator.sliver;

import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * What the operator sees of a sliver's objects in the cluster, read from the informer caches: the input of
 * {@link SliverStates#derive}.
 *
 * @param deployment the sliver's Deployment, if it exists
 * @param pods the sliver's pods, terminating ones included
 * @param service the sliver's NodePort Service, if it exists
 * @param nodes every node of the cluster
 * @param fallbackLoginHost the host to report when no node has an external address
 */
public record SliverObservation(Optional<Deployment> deployment, List<Pod> pods, Optional<Service> service,
        List<Node> nodes, Optional<String> fallbackLoginHost) {

    public SliverObservation {
        pods = List.copyOf(pods);
        nodes = List.copyOf(nodes);
    }
}
