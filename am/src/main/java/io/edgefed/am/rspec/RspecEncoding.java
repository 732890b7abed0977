package io.edgefed.am.rspec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.Deflater;

/** {@code geni_compressed}: an RSpec compressed with zlib (RFC 1950) and sent as base64 in a plain string. */
public final class RspecEncoding {

    private RspecEncoding() {
    }

    public static String encode(String rspec, boolean compressed) {
        return compressed ? compress(rspec) : rspec;
    }

    static String compress(String rspec) {
        Deflater deflater = new Deflater();
        deflater.setInput(rspec.getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
