package io.edgefed.model;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An experimenter who may log in to a sliver, with their SSH public keys (from the AM's {@code geni_users}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SliverUser {

    /** The user's URN, e.g. {@code urn:publicid:IDN+ch.geni.net+user+alice}. */
    private String urn;
    /** SSH public keys in OpenSSH {@code authorized_keys} format. */
    private List<String> keys = new ArrayList<>();

    public SliverUser() {
    }

    public SliverUser(String urn, List<String> keys) {
        this.urn = urn;
        this.keys = new ArrayList<>(keys);
    }

    public String getUrn() {
        return urn;
    }

    public void setUrn(String urn) {
        this.urn = urn;
    }

    public List<String> getKeys() {
        return keys;
    }

    public void setKeys(List<String> keys) {
        this.keys = keys;
    }
}
