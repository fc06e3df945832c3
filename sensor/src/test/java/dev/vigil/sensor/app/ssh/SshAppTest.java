package dev.vigil.sensor.app.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.http.TcpCapture;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SSH identification exchange through the pipeline, from hand-built TCP captures. */
class SshAppTest {
    @TempDir
    Path dir;

    private List<JsonNode> run(TcpCapture c) {
        Analyze.Run r = Analyze.files(new AppRegistry().register(SshApp::new), c.write(dir, "ssh.pcap"));
        assertThat(r.result().errors()).isEmpty();
        r.output().docs().forEach(d -> assertThat(EventSchema.validate(d)).as("%s", d).isEmpty());
        return r.output().dataset(SshApp.DATASET);
    }

    @Test
    void oneEventWhenBothIdentificationsAreSeen() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(TcpCapture.ip(66), 51000, TcpCapture.ip(104), 22); // 1-3
        k.send(1, "SSH-2.0-dropbear_2019.78\r\n");                                    // 4
        k.send(0, "SSH-2.0-PuTTY_Release_0.81");                                       // 5
        k.send(0, "\r\n\u0000\u0000\u0001\u0014\n\u0014binary kexinit");          // 6: completes the client line
        k.send(1, "\u0000\u0000\u0002\u0000 more binary");
        k.close();
        List<JsonNode> docs = run(c);
        assertThat(docs).hasSize(1);
        JsonNode d = docs.get(0);
        assertThat(d.path("event").path("sequence").asLong()).isEqualTo(6);
        assertThat(d.path("ssh").path("protocol_version").asText()).isEqualTo("2.0");
        assertThat(d.path("ssh").path("client").path("software").asText()).isEqualTo("PuTTY_Release_0.81");
        assertThat(d.path("ssh").path("server").path("software").asText()).isEqualTo("dropbear_2019.78");
        assertThat(d.path("source").path("ip").asText()).isEqualTo("10.0.0.66");
        assertThat(d.path("destination").path("port").asInt()).isEqualTo(22);
    }

    @Test
    void serverOnlyAtFlowEnd() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(TcpCapture.ip(66), 51001, TcpCapture.ip(104), 22);
        k.send(1, "SSH-1.99-OpenSSH_3.9p1\r\n");
        k.close();
        List<JsonNode> docs = run(c);
        assertThat(docs).hasSize(1);
        JsonNode d = docs.get(0);
        assertThat(d.path("event").path("sequence").asLong()).isEqualTo(c.frames());
        assertThat(d.path("ssh").path("protocol_version").asText()).isEqualTo("1.99");
        assertThat(d.path("ssh").has("client")).isFalse();
        assertThat(d.path("ssh").path("server").path("software").asText()).isEqualTo("OpenSSH_3.9p1");
    }

    @Test
    void noEventWithoutIdentification() {
        TcpCapture c = new TcpCapture();
        c.connect(TcpCapture.ip(66), 51002, TcpCapture.ip(104), 22).close();
        assertThat(run(c)).isEmpty();
    }
}
