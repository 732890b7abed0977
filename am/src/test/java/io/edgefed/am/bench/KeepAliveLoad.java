package io.edgefed.am.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A small load client: each thread keeps one mutual-TLS connection alive and sends the same POST over and over,
 * reading each reply by its Content-Length. Bounded in time; talks only to loopback.
 */
final class KeepAliveLoad {

    /** Requests per second and the bytes of the last reply. */
    record Result(double perSecond, long requests, byte[] lastBody) {
    }

    private KeepAliveLoad() {
    }

    static Result run(SSLContext tls, int port, String path, byte[] body, int threads, long warmupMillis, long measureMillis)
            throws Exception {
        AtomicBoolean counting = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong count = new AtomicLong();
        byte[][] last = new byte[1][];
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try (SSLSocket socket = connect(tls, port)) {
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
                    while (!stop.get()) {
                        out.write(head);
                        out.write(body);
                        out.flush();
                        byte[] reply = readReply(in);
                        if (counting.get()) {
                            count.incrementAndGet();
                        }
                        last[0] = reply;
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        Thread.sleep(warmupMillis);
        counting.set(true);
        long start = System.nanoTime();
        Thread.sleep(measureMillis);
        counting.set(false);
        long elapsed = System.nanoTime() - start;
        stop.set(true);
        for (Thread w : workers) {
            w.join(10_000);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("load client failed", failures.get(0));
        }
        return new Result(count.get() / (elapsed / 1e9), count.get(), last[0]);
    }

    static SSLSocket connect(SSLContext tls, int port) throws IOException {
        Socket plain = new Socket();
        plain.setTcpNoDelay(true);
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        plain.setSoTimeout(30_000);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, "localhost", port, true);
        socket.startHandshake();
        return socket;
    }

    /** Reads one HTTP/1.1 reply with a Content-Length and returns its body; anything but 200 fails. */
    static byte[] readReply(InputStream in) throws IOException {
        io.edgefed.am.support.RawHttps.Reply reply = io.edgefed.am.support.RawHttps.readReply(in);
        if (reply.status() != 200) {
            throw new IOException("unexpected reply: status " + reply.status());
        }
        return reply.body().getBytes(StandardCharsets.UTF_8);
    }
}
