package io.edgefed.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** How a node reaches one peer: directly or through a relay node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PeerPath {

    /** The kinds of path. */
    public enum Mode {
        @JsonProperty("direct")
        DIRECT,
        @JsonProperty("relay")
        RELAY,
        @JsonProperty("down")
        DOWN
    }

    private Mode mode;
    /** The relay node's name, for {@link Mode#RELAY}. */
    private String via;
    /** The endpoint in use ({@code host:port}), when known. */
    private String endpoint;
    /** RFC 3339 time of the latest WireGuard handshake with the peer. */
    private String lastHandshake;

    public PeerPath() {
    }

    public PeerPath(Mode mode, String via, String endpoint, String lastHandshake) {
        this.mode = mode;
        this.via = via;
        this.endpoint = endpoint;
        this.lastHandshake = lastHandshake;
    }

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public String getVia() {
        return via;
    }

    public void setVia(String via) {
        this.via = via;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getLastHandshake() {
        return lastHandshake;
    }

    public void setLastHandshake(String lastHandshake) {
        this.lastHandshake = lastHandshake;
    }
}
