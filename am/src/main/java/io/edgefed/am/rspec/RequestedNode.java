package io.edgefed.am.rspec;

import java.util.Optional;

/**
 * One {@code <node>} of a request RSpec, as far as the AM uses it.
 *
 * @param clientId           the experimenter's name for the node, echoed in the manifest
 * @param componentId        the node URN it is bound to, if any
 * @param componentManagerId the AM URN it is meant for, if any
 * @param sliverType         the requested sliver type name, if any
 * @param diskImage          the requested disk image (short name or URN), if any
 */
public record RequestedNode(String clientId, Optional<String> componentId, Optional<String> componentManagerId,
        Optional<String> sliverType, Optional<String> diskImage) {
}
