package io.edgefed.model;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** The desired state of a {@link Sliver}, written by the AM. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SliverSpec {

    /** URN of the slice the sliver belongs to. */
    @Required
    private String sliceUrn;
    /** URN of the sliver itself: {@code urn:publicid:IDN+<authority>+sliver+<name>}. */
    @Required
    private String sliverUrn;
    /** The {@code client_id} of the node in the request RSpec. */
    @Required
    private String clientId;
    /** URN of the user who allocated the sliver. */
    private String ownerUrn;
    /** Container image to run. */
    @Required
    private String image;
    /** Name of the Kubernetes node the container must run on; any node when absent. */
    private String node;
    /** CPU architecture the container needs ({@code amd64}, {@code arm64}, ...); any when absent. */
    @Pattern("^[a-z0-9]+$")
    private String arch;
    /** Users who may log in, with their SSH keys. */
    private List<SliverUser> users = new ArrayList<>();
    /** Whether the sliver has been provisioned; only provisioned slivers get a container. */
    private boolean provisioned;
    /** Whether the container should run ({@code geni_start}) or be stopped ({@code geni_stop}). */
    private boolean running = true;
    /** Changed by {@code geni_restart}: every new value restarts the container once. */
    private String restartMarker;

    public String getSliceUrn() {
        return sliceUrn;
    }

    public void setSliceUrn(String sliceUrn) {
        this.sliceUrn = sliceUrn;
    }

    public String getSliverUrn() {
        return sliverUrn;
    }

    public void setSliverUrn(String sliverUrn) {
        this.sliverUrn = sliverUrn;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getOwnerUrn() {
        return ownerUrn;
    }

    public void setOwnerUrn(String ownerUrn) {
        this.ownerUrn = ownerUrn;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getNode() {
        return node;
    }

    public void setNode(String node) {
        this.node = node;
    }

    public String getArch() {
        return arch;
    }

    public void setArch(String arch) {
        this.arch = arch;
    }

    public List<SliverUser> getUsers() {
        return users;
    }

    public void setUsers(List<SliverUser> users) {
        this.users = users;
    }

    public boolean isProvisioned() {
        return provisioned;
    }

    public void setProvisioned(boolean provisioned) {
        this.provisioned = provisioned;
    }

    public boolean isRunning() {
        return running;
    }

    public void setRunning(boolean running) {
        this.running = running;
    }

    public String getRestartMarker() {
        return restartMarker;
    }

    public void setRestartMarker(String restartMarker) {
        this.restartMarker = restartMarker;
    }
}
