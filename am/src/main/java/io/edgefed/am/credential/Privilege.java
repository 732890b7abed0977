package io.edgefed.am.credential;

/**
 * One {@code <privilege>} of an SFA credential: an SFA right ({@code embed}, {@code control}, ... or {@code *}) and
 * whether its owner may delegate it.
 */
public record Privilege(String name, boolean canDelegate) {
}
