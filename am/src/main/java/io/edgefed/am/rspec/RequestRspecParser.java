package io.edgefed.am.rspec;

import io.edgefed.am.config.AmConfig;
import io.edgefed.am.geni.GeniCode;
import io.edgefed.am.geni.GeniException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads a GENI v3 request RSpec and checks the structure the AM relies on: the rspec root in the v3 namespace,
 * type {@code request}, nodes with unique {@code client_id}s, at most one sliver type each. Unknown extension
 * elements (jFed's and others') are ignored, as the specification asks; so are links, since containers reach each
 * other over the cluster network and no link is ever provisioned.
 */
@ApplicationScoped
public class RequestRspecParser {

    private final int maxChars;

    RequestRspecParser(AmConfig config) {
        this.maxChars = config.maxRspecChars();
    }

    public List<RequestedNode> parse(String xml) throws GeniException {
        if (xml == null || xml.isBlank()) {
            throw new GeniException(GeniCode.BADARGS, "the request RSpec is empty; send a GENI v3 request RSpec");
        }
        if (xml.length() > maxChars) {
            throw new GeniException(GeniCode.TOOBIG,
                    "the request RSpec has " + xml.length() + " characters; this AM accepts at most " + maxChars);
        }
        Document doc = RspecXml.parse(xml.strip(), "the request RSpec");
        Element root = doc.getDocumentElement();
        if (!RspecXml.NS.equals(root.getNamespaceURI()) || !"rspec".equals(root.getLocalName())) {
            throw new GeniException(GeniCode.BADARGS, "the request RSpec's root must be <rspec xmlns=\"" + RspecXml.NS
                    + "\" type=\"request\">, not <" + root.getTagName() + ">");
        }
        String type = root.getAttribute("type");
        if (!type.isEmpty() && !"request".equals(type)) {
            throw new GeniException(GeniCode.BADARGS, "the RSpec has type=\"" + type + "\"; Allocate needs type=\"request\"");
        }
        List<RequestedNode> nodes = new ArrayList<>();
        Set<String> clientIds = new HashSet<>();
        for (Element node : children(root, "node")) {
            String clientId = node.getAttribute("client_id");
            if (clientId.isBlank()) {
                throw new GeniException(GeniCode.BADARGS, "a <node> of the request RSpec has no client_id; give each node a unique client_id");
            }
            if (!clientIds.add(clientId)) {
                throw new GeniException(GeniCode.BADARGS, "client_id '" + clientId + "' appears twice in the request RSpec; client_ids must be unique");
            }
            List<Element> sliverTypes = children(node, "sliver_type");
            if (sliverTypes.size() > 1) {
                throw new GeniException(GeniCode.BADARGS, "node '" + clientId + "' names " + sliverTypes.size() + " sliver types; name one");
            }
            Optional<String> sliverType = Optional.empty();
            Optional<String> image = Optional.empty();
            if (!sliverTypes.isEmpty()) {
                Element st = sliverTypes.get(0);
                if (st.getAttribute("name").isBlank()) {
                    throw new GeniException(GeniCode.BADARGS, "the sliver_type of node '" + clientId + "' has no name");
                }
                sliverType = Optional.of(st.getAttribute("name"));
                List<Element> images = children(st, "disk_image");
                if (images.size() > 1) {
                    throw new GeniException(GeniCode.BADARGS, "node '" + clientId + "' names " + images.size() + " disk images; name one");
                }
                if (!images.isEmpty()) {
                    image = attribute(images.get(0), "name");
                    if (image.isEmpty()) {
                        throw new GeniException(GeniCode.BADARGS, "the disk_image of node '" + clientId + "' has no name");
                    }
                }
            }
            nodes.add(new RequestedNode(clientId, attribute(node, "component_id"), attribute(node, "component_manager_id"),
                    sliverType, image));
        }
        if (nodes.isEmpty()) {
            throw new GeniException(GeniCode.BADARGS, "the request RSpec holds no <node>; add at least one");
        }
        return nodes;
    }

    static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && RspecXml.NS.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static Optional<String> attribute(Element e, String name) {
        String v = e.getAttribute(name);
        return v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }
}
