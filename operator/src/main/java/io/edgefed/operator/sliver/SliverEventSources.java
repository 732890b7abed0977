package io.edgefed.operator.sliver;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.edgefed.model.EdgefedKeys;
import io.edgefed.model.Sliver;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * What the reconciler watches besides its own objects: the slivers' pods (their state is the GENI state) and the
 * nodes (whether a requested node exists, which addresses reach a NodePort).
 */
final class SliverEventSources {

    /** Index of the Sliver cache by the node asked for and the node run on. */
    static final String NODE_INDEX = "edgefed-node";

    private SliverEventSources() {
    }

    /** Pods labelled with a sliver's name, mapped to that Sliver. */
    static InformerEventSource<Pod, Sliver> pods(EventSourceContext<Sliver> context) {
        var configuration = InformerEventSourceConfiguration.from(Pod.class, Sliver.class)
                .withName("sliver-pods")
                .withLabelSelector(EdgefedKeys.SLIVER_LABEL)
                .withSecondaryToPrimaryMapper((Pod pod) -> Set.of(new ResourceID(
                        pod.getMetadata().getLabels().get(EdgefedKeys.SLIVER_LABEL), pod.getMetadata().getNamespace())))
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    /**
     * All nodes; a change that matters for login or placement (addresses, labels, readiness, a new or deleted node)
     * reaches the slivers that asked for that node or run on it.
     */
    static InformerEventSource<Node, Sliver> nodes(EventSourceContext<Sliver> context) {
        var configuration = InformerEventSourceConfiguration.from(Node.class, Sliver.class)
                .withName("nodes")
                .withSecondaryToPrimaryMapper((Node node) -> context.getPrimaryCache()
                        .byIndex(NODE_INDEX, node.getMetadata().getName()).stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .withOnUpdateFilter((Node updated, Node old) -> !Objects.equals(relevant(updated), relevant(old)))
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    /** The index keys of a sliver: the node it asked for and the node it runs on. */
    static List<String> nodeKeys(Sliver sliver) {
        return Stream.of(sliver.getSpec() == null ? null : sliver.getSpec().getNode(),
                        sliver.getStatus() == null ? null : sliver.getStatus().getNode())
                .filter(Objects::nonNull)
                .distinct()
                .toList();
    }

    private static List<Object> relevant(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        Object addresses = node.getStatus() == null ? null : node.getStatus().getAddresses();
        boolean ready = LoginAddress.isReady(node);
        return java.util.Arrays.asList(labels, addresses, ready);
    }
}
