package io.edgefed.am.support;

import javax.net.ssl.SSLContext;

/** The test client of the AM that the Quarkus tests start ({@link TestPki#PORT}), as one of the test PKI's users. */
public final class AmClient extends XmlRpcTlsClient {

    public AmClient(String user) {
        this(Pki.tls(user));
    }

    public AmClient(SSLContext tls) {
        super("https://localhost:" + TestPki.PORT + "/xmlrpc/am/3.0", tls);
    }
}
