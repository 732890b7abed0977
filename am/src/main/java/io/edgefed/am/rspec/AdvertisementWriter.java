package io.edgefed.am.rspec;

import io.edgefed.am.cluster.AdvertisedNode;
import io.edgefed.am.cluster.NodeInventory;
import io.edgefed.am.config.AmConfig;
import io.edgefed.am.config.DiskImage;
import io.edgefed.am.config.DiskImages;
import io.edgefed.am.geni.GeniTime;
import io.edgefed.geni.GeniUrn;
import io.edgefed.model.NodeLocation;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import javax.xml.stream.XMLStreamException;

/**
 * The advertisement RSpec: one node per cluster node that may hold slivers, each offering sliver type
 * {@code container} with the configured disk images, plus the opstate extension describing the states and actions
 * of a container. Rebuilt only when a node changes.
 */
@ApplicationScoped
public class AdvertisementWriter {

    /** The only sliver type this AM offers. */
    public static final String SLIVER_TYPE = "container";
    private static final String EDGEFED_NS = "https://edgefed.io/rspec/ext/1";

    private final NodeInventory inventory;
    private final DiskImages images;
    private final String authority;
    private volatile Cached cached;

    private record Cached(long version, boolean availableOnly, String xml) {
    }

    AdvertisementWriter(NodeInventory inventory, DiskImages images, AmConfig config) {
        this.inventory = inventory;
        this.images = images;
        this.authority = config.authority();
    }

    /** The advertisement; with {@code availableOnly} only the nodes that can take a container now. */
    public String advertisement(boolean availableOnly) {
        long version = inventory.version();
        Cached c = cached;
        if (c != null && c.version == version && c.availableOnly == availableOnly) {
            return c.xml;
        }
        String xml = write(inventory.nodes(), availableOnly);
        cached = new Cached(version, availableOnly, xml);
        return xml;
    }

    String write(List<AdvertisedNode> nodes, boolean availableOnly) {
        String am = GeniUrn.of(authority, "authority", "am").toString();
        RspecDocument doc = new RspecDocument("advertisement", "ad.xsd",
                RspecDocument.OPSTATE_NS + " " + RspecDocument.OPSTATE_NS + "/ad.xsd", GeniTime.format(Instant.now()));
        try {
            doc.xml.writeNamespace("edgefed", EDGEFED_NS);
            for (AdvertisedNode node : nodes) {
                if (availableOnly && !node.available()) {
                    continue;
                }
                doc.start("node");
                doc.attribute("component_id", GeniUrn.of(authority, "node", node.name()).toString());
                doc.attribute("component_manager_id", am);
                doc.attribute("component_name", node.name());
                doc.attribute("exclusive", "false");
                doc.start("hardware_type");
                doc.attribute("name", node.arch());
                doc.end();
                doc.start("sliver_type");
                doc.attribute("name", SLIVER_TYPE);
                for (DiskImage image : images.all()) {
                    doc.start("disk_image");
                    doc.attribute("name", images.urnOf(image));
                    doc.attribute("description", image.containerImage());
                    doc.end();
                }
                doc.end();
                doc.start("available");
                doc.attribute("now", String.valueOf(node.available()));
                doc.end();
                writeLocation(doc, node);
                doc.end();
            }
            writeOpstate(doc, am);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return doc.finish();
    }

    /**
     * {@code <location country=".." latitude=".." longitude=".."/>}: the schema requires the country, so a node
     * whose country is unknown has no location element; what else is unknown is left out, never guessed. The
     * region and zone, which RSpec v3 has no attribute for, go into edgefed extension attributes.
     */
    private static void writeLocation(RspecDocument doc, AdvertisedNode node) throws XMLStreamException {
        NodeLocation location = node.location();
        if (location.country().isEmpty()) {
            return;
        }
        doc.start("location");
        doc.attribute("country", location.country().get());
        if (location.coordinates().isPresent()) {
            doc.attribute("latitude", degrees(location.coordinates().get().latitude()));
            doc.attribute("longitude", degrees(location.coordinates().get().longitude()));
        }
        if (location.region().isPresent()) {
            doc.xml.writeAttribute(EDGEFED_NS, "region", location.region().get());
        }
        if (node.zone().isPresent()) {
            doc.xml.writeAttribute(EDGEFED_NS, "zone", node.zone().get());
        }
        doc.end();
    }

    private static String degrees(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static void writeOpstate(RspecDocument doc, String am) throws XMLStreamException {
        String ns = RspecDocument.OPSTATE_NS;
        doc.xml.writeCharacters("\n");
        doc.xml.writeStartElement("opstate", "rspec_opstate", ns);
        doc.xml.writeNamespace("opstate", ns);
        doc.xml.writeAttribute("aggregate_manager_id", am);
        doc.xml.writeAttribute("start", "geni_configuring");
        doc.xml.writeEmptyElement(ns, "sliver_type");
        doc.xml.writeAttribute("name", SLIVER_TYPE);
        state(doc, "geni_configuring", "the container is being scheduled, pulled and started", new String[][] {});
        state(doc, "geni_ready", "the container runs and accepts SSH logins", new String[][] {
                {"geni_restart", "geni_configuring", "restart the container"},
                {"geni_stop", "geni_stopping", "stop the container"},
                {"geni_update_users", "geni_ready", "replace the users and SSH keys allowed to log in"}});
        state(doc, "geni_stopping", "the container is being stopped", new String[][] {});
        state(doc, "geni_notready", "the container is stopped", new String[][] {
                {"geni_start", "geni_configuring", "start the container"}});
        state(doc, "geni_failed", "the container cannot run; the sliver's geni_error says why", new String[][] {
                {"geni_restart", "geni_configuring", "try to start the container again"}});
        doc.xml.writeEndElement();
    }

    private static void state(RspecDocument doc, String name, String description, String[][] actions) throws XMLStreamException {
        String ns = RspecDocument.OPSTATE_NS;
        doc.xml.writeStartElement(ns, "state");
        doc.xml.writeAttribute("name", name);
        for (String[] action : actions) {
            doc.xml.writeStartElement(ns, "action");
            doc.xml.writeAttribute("name", action[0]);
            doc.xml.writeAttribute("next", action[1]);
            doc.xml.writeStartElement(ns, "description");
            doc.xml.writeCharacters(action[2]);
            doc.xml.writeEndElement();
            doc.xml.writeEndElement();
        }
        doc.xml.writeStartElement(ns, "description");
        doc.xml.writeCharacters(description);
        doc.xml.writeEndElement();
        doc.xml.writeEndElement();
    }
}
