package io.edgefed.am.rspec;

import io.edgefed.am.config.AmConfig;
import io.edgefed.am.config.DiskImages;
import io.edgefed.geni.GeniUrn;
import io.edgefed.model.Sliver;
import io.edgefed.model.SliverLogin;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import javax.xml.stream.XMLStreamException;

/**
 * The manifest RSpec of some slivers: each node echoes its {@code client_id}, carries its {@code sliver_id}, the
 * node it runs on as {@code component_id} once known, and the SSH login the operator reported.
 */
@ApplicationScoped
public class ManifestWriter {

    private final DiskImages images;
    private final String authority;

    ManifestWriter(DiskImages images, AmConfig config) {
        this.images = images;
        this.authority = config.authority();
    }

    public String manifest(List<Sliver> slivers) {
        RspecDocument doc = new RspecDocument("manifest", "manifest.xsd", "", null);
        try {
            for (Sliver s : slivers) {
                doc.start("node");
                doc.attribute("client_id", s.getSpec().getClientId());
                String node = s.getStatus() != null && s.getStatus().getNode() != null ? s.getStatus().getNode() : s.getSpec().getNode();
                if (node != null) {
                    doc.attribute("component_id", GeniUrn.of(authority, "node", node).toString());
                    doc.attribute("component_name", node);
                }
                doc.attribute("component_manager_id", GeniUrn.of(authority, "authority", "am").toString());
                doc.attribute("sliver_id", s.getSpec().getSliverUrn());
                doc.attribute("exclusive", "false");
                doc.start("sliver_type");
                doc.attribute("name", AdvertisementWriter.SLIVER_TYPE);
                doc.start("disk_image");
                doc.attribute("name", images.all().stream().filter(i -> i.containerImage().equals(s.getSpec().getImage()))
                        .findFirst().map(images::urnOf).orElse(s.getSpec().getImage()));
                doc.end();
                doc.end();
                SliverLogin login = s.getStatus() == null ? null : s.getStatus().getLogin();
                if (login != null && login.getHost() != null) {
                    doc.start("services");
                    doc.start("login");
                    doc.attribute("authentication", "ssh-keys");
                    doc.attribute("hostname", login.getHost());
                    doc.attribute("port", String.valueOf(login.getPort() == null ? 22 : login.getPort()));
                    doc.attribute("username", login.getUsername() == null ? "root" : login.getUsername());
                    doc.end();
                    doc.end();
                }
                doc.end();
            }
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return doc.finish();
    }
}
