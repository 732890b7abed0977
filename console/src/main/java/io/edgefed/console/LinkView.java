package io.edgefed.console;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The mesh path between two nodes, as their agents report it.
 *
 * @param id            {@code a~b}, with {@code a < b}
 * @param mode          {@code direct}, {@code relay} or {@code down}
 * @param via           the relay node, for {@code relay}
 * @param lastHandshake the later of the two sides' latest WireGuard handshakes (RFC 3339), when known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LinkView(String id, String a, String b, String mode, String via, String lastHandshake) {
}
