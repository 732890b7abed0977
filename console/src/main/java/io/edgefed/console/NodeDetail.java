package io.edgefed.console;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a node's own page shows: what a volunteer checks after installing.
 *
 * @param problems what is wrong, each with what to do; empty when all is well
 * @param paths    this node's path to every other node, as its agent reports it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeDetail(NodeView node, String addressV4, String addressV6, String endpoint, String readyMessage,
        List<Problem> problems, List<Path> paths, List<SliverView> slivers) {

    /** One thing wrong with the node and what to do about it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Problem(String source, String reason, String message) {
    }

    /**
     * The path to one other node.
     *
     * @param mode        as this node reports it: {@code direct}, {@code relay}, {@code down}, or {@code unknown} when
     *                    it reports nothing for that peer
     * @param reverseMode what the other node reports for its way back, {@code unknown} likewise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Path(String peer, String mode, String via, String endpoint, String lastHandshake, String reverseMode) {
    }
}
