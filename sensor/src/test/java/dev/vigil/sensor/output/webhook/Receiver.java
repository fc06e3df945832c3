package dev.vigil.sensor.output.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import javax.net.ssl.SSLContext;

/** A real HTTP(S) webhook receiver on the loopback interface that records every request and answers as scripted. */
final class Receiver implements AutoCloseable {
    /** One request as received, with the status it was answered with. */
    record Request(String path, String key, String signature, String contentType, byte[] body, long nanos, int status) {
        String bodyString() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A scripted answer: status, optional Retry-After, body. */
    record Answer(int status, String retryAfter, String body) {
        static Answer of(int status) {
            return new Answer(status, null, status < 300 ? "ok" : "scripted " + status);
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    /** Answer for request number n (from 1). */
    volatile IntFunction<Answer> script = n -> Answer.of(200);
    private final HttpServer server;

    private Receiver(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    /** Plain HTTP on {@code port} (0: any free port). */
    static Receiver http(int port) throws IOException {
        return new Receiver(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0));
    }

    /** HTTPS with this server certificate context on any free port. */
    static Receiver https(SSLContext ssl) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ssl));
        return new Receiver(s);
    }

    /** A port nothing listens on right now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String scheme, String host) {
        return scheme + "://" + host + ":" + port() + "/hooks/vigil?team=soc";
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        Answer a = script.apply(count.incrementAndGet());
        requests.add(new Request(ex.getRequestURI().toString(), ex.getRequestHeaders().getFirst("Idempotency-Key"),
                ex.getRequestHeaders().getFirst("X-Vigil-Signature-256"),
                ex.getRequestHeaders().getFirst("Content-Type"), body, System.nanoTime(), a.status()));
        if (a.retryAfter() != null) {
            ex.getResponseHeaders().set("Retry-After", a.retryAfter());
        }
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(a.status(), out.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
        }
    }

    /** Requests answered with 2xx. */
    List<Request> accepted() {
        return requests.stream().filter(r -> r.status() >= 200 && r.status() < 300).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
