package dev.vigil.sensor.app.telnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.dip.Demo;
import dev.vigil.sensor.app.http.TcpCapture;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telnet sessions through the pipeline: banner, byte counts, never the typed data. */
class TelnetAppTest {
    @TempDir
    Path dir;

    private Analyze.Run run(TcpCapture c) {
        Analyze.Run r = Analyze.files(new AppRegistry().register(TelnetApp::new), c.write(dir, "telnet.pcap"));
        assertThat(r.result().errors()).isEmpty();
        r.output().docs().forEach(d -> assertThat(EventSchema.validate(d)).as("%s", d).isEmpty());
        return r;
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Test
    void sessionWithBannerAndNoTypedData() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(TcpCapture.ip(50), 41000, TcpCapture.ip(104), 23);
        k.send(1, bytes(255, 253, 24, 255, 251, 1));            // IAC DO TERMINAL-TYPE, IAC WILL ECHO
        k.send(0, bytes(255, 252, 24, 255, 253, 1));            // client negotiation: not typing
        k.send(1, "\r\nIP Station 1008 firmware 5.2\r\nlogin: ");
        k.send(0, "admin\r\n");                                 // typed (echoed by the server)
        k.send(1, "admin\r\nPassword: ");
        k.send(0, "hunter2secret\r\n");                         // typed, never echoed, never logged
        k.close();
        Analyze.Run r = run(c);
        List<JsonNode> docs = r.output().dataset(TelnetApp.DATASET);
        assertThat(docs).hasSize(1);
        JsonNode t = docs.get(0).path("telnet");
        assertThat(t.path("session").asBoolean()).isTrue();
        assertThat(t.path("server").path("banner").asText()).isEqualTo("IP Station 1008 firmware 5.2");
        assertThat(t.path("client").path("bytes").asLong()).isEqualTo(6 + 7 + 15);
        assertThat(t.path("server").path("bytes").asLong()).isEqualTo(6 + 39 + 17);
        assertThat(docs.get(0).path("source").path("ip").asText()).isEqualTo("10.0.0.50");
        assertThat(r.output().lines()).noneMatch(l -> l.contains("hunter2") || l.contains("admin"));
    }

    @Test
    void bannerClosedWhenTheClientTypesFirst() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(TcpCapture.ip(50), 41001, TcpCapture.ip(104), 23);
        k.send(1, "User: ");
        k.send(0, "root\r\n");
        k.send(1, "root\r\n"); // echo: must not become part of the banner
        k.close();
        JsonNode t = run(c).output().dataset(TelnetApp.DATASET).get(0).path("telnet");
        assertThat(t.path("server").path("banner").asText()).isEqualTo("User:");
    }

    @Test
    void probeAnsweredByResetIsNoSession() {
        // the demo capture's scanner: SYN to 23, RST/ACK back (intercom-site truth, tcp_sessions "scan_tcp")
        Analyze.Run r = Analyze.files(new AppRegistry().register(TelnetApp::new), Demo.pcap());
        assertThat(r.output().dataset(TelnetApp.DATASET)).isEmpty();
        TcpCapture c = new TcpCapture();
        c.connect(TcpCapture.ip(50), 41002, TcpCapture.ip(104), 23).close(); // accepted, no data: a session
        JsonNode t = run(c).output().dataset(TelnetApp.DATASET).get(0).path("telnet");
        assertThat(t.path("session").asBoolean()).isTrue();
        assertThat(t.has("banner")).isFalse();
    }
}
