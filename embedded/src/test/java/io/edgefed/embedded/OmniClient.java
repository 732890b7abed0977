package io.edgefed.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import io.edgefed.am.support.XmlRpcTlsClient;
import io.edgefed.geni.Pem;

/**
 * Sends a printed omni command to the AM as omni sends it ({@link OmniReplay}), over TLS with the files omni_config
 * names, trusting the local CA; and reads what comes back.
 */
final class OmniClient {

    private final Path caCertificate;

    OmniClient(Path caCertificate) {
        this.caCertificate = caCertificate;
    }

    Map<String, Object> replay(String command) throws Exception {
        OmniReplay replay = OmniReplay.of(command);
        return new XmlRpcTlsClient(replay.amUrl(), tls(replay)).call(replay.method(), replay.params());
    }

    static int code(Map<String, Object> reply) {
        return XmlRpcTlsClient.code(reply);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> value(Map<String, Object> reply) {
        return (Map<String, Object>) reply.get("value");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> slivers(Map<String, Object> reply) {
        return List.of((Object[]) value(reply).get("geni_slivers")).stream().map(o -> (Map<String, Object>) o).toList();
    }

    /** An RSpec as the AM sends it: zlib-compressed, in base64. */
    static String inflate(String base64Zlib) throws Exception {
        java.util.zip.Inflater inflater = new java.util.zip.Inflater();
        inflater.setInput(Base64.getDecoder().decode(base64Zlib.replaceAll("\\s", "")));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!inflater.finished()) {
            int n = inflater.inflate(buffer);
            if (n == 0 && inflater.needsInput()) {
                break;
            }
            out.write(buffer, 0, n);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** TLS as omni does it with the files omni_config names: alice's key and chain, trusting the local CA. */
    private SSLContext tls(OmniReplay replay) throws Exception {
        return ClientTls.of(replay.certificate(), replay.key(),
                List.of(Pem.certificates(Files.readString(caCertificate)).get(0)));
    }
}
