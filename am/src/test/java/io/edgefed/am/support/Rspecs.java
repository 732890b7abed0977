package io.edgefed.am.support;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.zip.Inflater;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

/** Request RSpecs for tests, zlib+base64 decoding, and validation against the GENI schemas in shared/. */
public final class Rspecs {

    private Rspecs() {
    }

    public static String request(String nodes) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rspec type=\"request\" xmlns=\"http://www.geni.net/resources/rspec/3\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.geni.net/resources/rspec/3"
                + " http://www.geni.net/resources/rspec/3/request.xsd\">\n" + nodes + "\n</rspec>\n";
    }

    public static String node(String clientId, String componentId, String image) {
        return "<node client_id=\"" + clientId + "\" exclusive=\"false\"" + (componentId == null ? "" : " component_id=\"" + componentId + "\"")
                + "><sliver_type name=\"container\">" + (image == null ? "" : "<disk_image name=\"" + image + "\"/>")
                + "</sliver_type></node>";
    }

    public static String inflate(String base64) throws Exception {
        Inflater inflater = new Inflater();
        inflater.setInput(Base64.getDecoder().decode(base64));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!inflater.finished()) {
            out.write(buffer, 0, inflater.inflate(buffer));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** shared/geni from sysprop {@code edgefed.shared} or ../shared next to the project root; empty when absent. */
    public static Optional<Path> sharedGeni() {
        String prop = System.getProperty("edgefed.shared");
        for (Path candidate : new Path[] {prop == null ? null : Path.of(prop), Path.of("../shared"), Path.of("../../shared")}) {
            if (candidate != null && Files.isDirectory(candidate.resolve("geni/rspec3"))) {
                return Optional.of(candidate.resolve("geni").toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }

    /** Validates {@code xml} against a schema file of shared/geni/rspec3; throws with the reason when invalid. */
    public static void validate(Path geni, String schemaFile, String xml) throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.setResourceResolver(AdCommon.resolver(geni.resolve("rspec3")));
        var schema = factory.newSchema(geni.resolve("rspec3").resolve(schemaFile).toFile());
        schema.newValidator().validate(new StreamSource(new StringReader(xml)));
    }
}
