package io.edgefed.console;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One sliver as the console shows it. Never its users, their keys or the owner's URN; the slice's URN only when
 * {@code edgefed.console.show-slice-urns} is on.
 *
 * @param sliceId   the slice's label hash ({@code edgefed.io/slice}): groups a slice's slivers without naming it
 * @param expires   the expiry annotation (RFC 3339), when valid
 * @param loginHost where to log in with SSH, once the operator reports it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SliverView(String name, String sliceId, String sliceUrn, String clientId, String image, String node,
        String allocationState, String operationalState, String expires, String loginHost, Integer loginPort) {
}
