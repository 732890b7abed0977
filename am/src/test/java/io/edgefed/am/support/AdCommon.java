package io.edgefed.am.support;

import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Path;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;

/**
 * Resolves the schemas that shared/geni/rspec3/ad.xsd includes: {@code ad-common.xsd}, missing there, comes from
 * the test's documented stand-in; everything else from shared/ itself.
 */
final class AdCommon {

    private AdCommon() {
    }

    static LSResourceResolver resolver(Path rspec3) {
        return (type, namespace, publicId, systemId, baseUri) -> {
            if (systemId == null || !systemId.endsWith("ad-common.xsd")) {
                return null;
            }
            InputStream in = AdCommon.class.getResourceAsStream("/xsd/ad-common-standin.xsd");
            return new Input(in, rspec3.resolve("ad-common.xsd").toUri().toString(), publicId);
        };
    }

    private record Input(InputStream stream, String systemId, String publicId) implements LSInput {
        @Override public Reader getCharacterStream() { return null; }
        @Override public void setCharacterStream(Reader r) { }
        @Override public InputStream getByteStream() { return stream; }
        @Override public void setByteStream(InputStream s) { }
        @Override public String getStringData() { return null; }
        @Override public void setStringData(String s) { }
        @Override public String getSystemId() { return systemId; }
        @Override public void setSystemId(String s) { }
        @Override public String getPublicId() { return publicId; }
        @Override public void setPublicId(String s) { }
        @Override public String getBaseURI() { return systemId; }
        @Override public void setBaseURI(String s) { }
        @Override public String getEncoding() { return null; }
        @Override public void setEncoding(String s) { }
        @Override public boolean getCertifiedText() { return false; }
        @Override public void setCertifiedText(boolean b) { }
    }
}
