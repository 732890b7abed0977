package io.edgefed.agent.wireguard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A WireGuard interface served by a userspace implementation (wireguard-go, boringtun), driven through its UAPI
 * socket {@code /var/run/wireguard/<iface>.sock} with the JDK's UNIX-domain stream channels.
 */
public final class UapiWireGuard implements WireGuard {

    private final Path socket;

    public UapiWireGuard(Path socket) {
        this.socket = socket;
    }

    @Override
    public DeviceState read() throws IOException {
        return UapiCodec.parseGet(exchange("get=1\n\n"));
    }

    @Override
    public void apply(DeviceChange change) throws IOException {
        if (change.isEmpty()) {
            return;
        }
        String answer = exchange(UapiCodec.formatSet(change)).trim();
        if (!answer.equals("errno=0")) {
            throw new IOException("WireGuard refused the change (" + answer + ") on " + socket);
        }
    }

    @Override
    public String kind() {
        return "uapi";
    }

    /** Sends one request and reads the answer, which ends with an empty line. */
    synchronized String exchange(String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream(8192);
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            while (true) {
                in.clear();
                int n = channel.read(in);
                if (n < 0) {
                    break;
                }
                answer.write(in.array(), 0, n);
                if (endsWithBlankLine(answer)) {
                    break;
                }
            }
            return answer.toString(StandardCharsets.US_ASCII);
        }
    }

    private static boolean endsWithBlankLine(ByteArrayOutputStream answer) {
        int size = answer.size();
        if (size < 2) {
            return false;
        }
        byte[] bytes = answer.toByteArray();
        return bytes[size - 1] == '\n' && bytes[size - 2] == '\n';
    }
}
