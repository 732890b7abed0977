package io.edgefed.am.support;

import java.io.IOException;
import java.net.URL;
import java.net.URLConnection;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.apache.xmlrpc.client.XmlRpcSunHttpTransport;
import org.apache.xmlrpc.client.XmlRpcSunHttpTransportFactory;

/**
 * Apache's XML-RPC client over HTTPS with a client certificate, as omni and jFed call an AM. The one test client of
 * the project: am's tests use it through {@link AmClient}, embedded's through am's test-jar.
 */
public class XmlRpcTlsClient {

    private final XmlRpcClient client = new XmlRpcClient();

    /** A client of the AM at {@code url} that presents and trusts what {@code tls} holds. */
    public XmlRpcTlsClient(String url, SSLContext tls) {
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        try {
            config.setServerURL(new URL(url));
        } catch (IOException e) {
            throw new IllegalArgumentException(url, e);
        }
        config.setEncoding("UTF-8");
        client.setConfig(config);
        client.setTransportFactory(new XmlRpcSunHttpTransportFactory(client) {
            @Override
            public org.apache.xmlrpc.client.XmlRpcTransport getTransport() {
                return new XmlRpcSunHttpTransport(client) {
                    @Override
                    protected URLConnection newURLConnection(URL target) throws IOException {
                        HttpsURLConnection c = (HttpsURLConnection) super.newURLConnection(target);
                        c.setSSLSocketFactory(tls.getSocketFactory());
                        return c;
                    }
                };
            }
        });
    }

    /** Calls {@code method} and returns the GENI return struct. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> call(String method, Object... params) {
        try {
            return (Map<String, Object>) client.execute(method, params);
        } catch (XmlRpcException e) {
            throw new IllegalStateException(method + " answered with a fault or failed: " + e.getMessage(), e);
        }
    }

    /** The geni_code of a return struct. */
    @SuppressWarnings("unchecked")
    public static int code(Map<String, Object> reply) {
        return (Integer) ((Map<String, Object>) reply.get("code")).get("geni_code");
    }
}
