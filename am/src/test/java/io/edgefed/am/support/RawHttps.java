package io.edgefed.am.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A bare HTTP/1.1 POST over TLS from a chosen local address, for what the XML-RPC client cannot send: hostile
 * bodies, extra headers, and requests from the proxy address.
 */
public final class RawHttps {

    /** Status code and body of a response. */
    public record Reply(int status, String body) {
    }

    private RawHttps() {
    }

    public static Reply post(SSLContext tls, String localAddress, Map<String, String> headers, byte[] body) throws IOException {
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        plain.connect(new InetSocketAddress("127.0.0.1", TestPki.PORT), 5000);
        plain.setSoTimeout(15000);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, "localhost", TestPki.PORT, true)) {
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder("POST /xmlrpc/am/3.0 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
                    + "Connection: close\r\nContent-Length: " + body.length + "\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0;) {
                response.write(buffer, 0, n);
            }
            String text = response.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int split = text.indexOf("\r\n\r\n");
            return new Reply(status, split < 0 ? "" : text.substring(split + 4));
        }
    }

    /** One kept-alive TLS connection to the AM, for several POSTs in a row. */
    public static final class Connection implements AutoCloseable {
        private final SSLSocket socket;
        private final InputStream in;

        public Connection(SSLContext tls) throws IOException {
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress("127.0.0.1", TestPki.PORT), 5000);
            plain.setSoTimeout(15000);
            socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, "localhost", TestPki.PORT, true);
            socket.startHandshake();
            in = new java.io.BufferedInputStream(socket.getInputStream());
        }

        /** POSTs {@code body} on this connection and reads the reply by its Content-Length. */
        public Reply post(byte[] body) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /xmlrpc/am/3.0 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return readReply(in);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Reads one HTTP/1.1 reply with a Content-Length: its status and body. */
    public static Reply readReply(InputStream in) throws IOException {
        int length = -1;
        int status = -1;
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            if (c != '\n') {
                line.append((char) c);
                continue;
            }
            String l = line.toString().trim();
            line.setLength(0);
            if (l.isEmpty()) {
                break;
            }
            if (status < 0) {
                status = Integer.parseInt(l.substring(9, 12));
            } else if (l.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(l.substring(15).trim());
            }
        }
        if (length < 0) {
            throw new IOException("no reply with a Content-Length (status " + status + ")");
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new IOException("short body");
        }
        return new Reply(status, new String(body, StandardCharsets.UTF_8));
    }
}
