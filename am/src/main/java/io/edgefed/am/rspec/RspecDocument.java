package io.edgefed.am.rspec;

import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes an RSpec v3 document of one type with the StAX writer, which escapes every attribute value. */
final class RspecDocument {

    static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    static final String OPSTATE_NS = "http://www.geni.net/resources/rspec/ext/opstate/1";
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    private final StringWriter text = new StringWriter();
    final XMLStreamWriter xml;

    RspecDocument(String type, String schemaFile, String extraSchemaLocations, String generated) {
        try {
            xml = OUTPUT.createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.setDefaultNamespace(RspecXml.NS);
            xml.writeStartElement(RspecXml.NS, "rspec");
            xml.writeDefaultNamespace(RspecXml.NS);
            xml.writeNamespace("xsi", XSI);
            xml.writeAttribute(XSI, "schemaLocation", RspecXml.NS + " http://www.geni.net/resources/rspec/3/" + schemaFile
                    + (extraSchemaLocations.isEmpty() ? "" : " " + extraSchemaLocations));
            xml.writeAttribute("type", type);
            if (generated != null) {
                xml.writeAttribute("generated", generated);
                xml.writeAttribute("generated_by", "edgefed");
            }
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    void start(String name) throws XMLStreamException {
        xml.writeCharacters("\n");
        xml.writeStartElement(RspecXml.NS, name);
    }

    void empty(String name) throws XMLStreamException {
        xml.writeEmptyElement(RspecXml.NS, name);
    }

    void attribute(String name, String value) throws XMLStreamException {
        if (value != null) {
            xml.writeAttribute(name, value);
        }
    }

    void end() throws XMLStreamException {
        xml.writeEndElement();
    }

    String finish() {
        try {
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
            return text.toString();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }
}
