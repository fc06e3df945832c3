package dev.vigil.sensor.app.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.http.TcpCapture;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Documents per connection shape, the server certificate, and the app's overflow event. */
class TlsAppTest {
    private static final int CLIENT = TcpCapture.ip(50);
    private static final int SERVER = TcpCapture.ip(102);

    @TempDir
    Path dir;

    private Analyze.Run run(TcpCapture c) {
        Analyze.Run r = Analyze.files(new AppRegistry().register(TlsApp::new), c.write(dir, "t.pcap"));
        assertThat(r.result().errors()).isEmpty();
        return r;
    }

    private static List<String> decodeKeys(Analyze.Run r) {
        return r.output().dataset("vigil.decode").stream().map(d -> d.path("decode").path("key").asText()).toList();
    }

    /** A one-record ClientHello: TLS 1.2 legacy version, one cipher, SNI and supported_versions {1.3, 1.2}. */
    static byte[] clientHello(String sni) {
        byte[] h = sni.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        write(ext, 0, 0, 0, h.length + 5, 0, h.length + 3, 0, 0, h.length);
        ext.writeBytes(h);
        write(ext, 0, 43, 0, 5, 4, 3, 4, 3, 3);
        byte[] e = ext.toByteArray();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, 3, 3);
        body.writeBytes(new byte[32]);
        write(body, 0, 0, 2, 0x13, 0x01, 1, 0, e.length >>> 8, e.length);
        body.writeBytes(e);
        return record(1, body.toByteArray());
    }

    /** ServerHello selecting {@code version} via supported_versions (TLS 1.3) or legacy (1.2). */
    static byte[] serverHello(boolean tls13) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, 3, 3);
        body.writeBytes(new byte[32]);
        if (tls13) {
            write(body, 0, 0x13, 0x01, 0, 0, 6, 0, 43, 0, 2, 3, 4);
        } else {
            write(body, 0, 0xc0, 0x2f, 0, 0, 0);
        }
        return record(2, body.toByteArray());
    }

    private static byte[] record(int hsType, byte[] body) {
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        int len = body.length + 4;
        write(r, 22, 3, 1, len >>> 8, len, hsType, 0, body.length >>> 8, body.length);
        r.writeBytes(body);
        return r.toByteArray();
    }

    private static void write(ByteArrayOutputStream o, int... bytes) {
        for (int b : bytes) {
            o.write(b);
        }
    }

    @Test
    void tls13ExchangeGivesOneDocumentAtTheClientHello() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(CLIENT, 40000, SERVER, 443); // frames 1-3
        k.send(0, clientHello("door-1.example"));                     // frame 4
        k.send(1, serverHello(true));                                 // frame 5
        k.send(1, new byte[] {23, 3, 3, 0, 2, 0, 0});                 // encrypted from here on
        k.close();
        Analyze.Run r = run(c);
        List<JsonNode> docs = r.output().dataset(TlsApp.DATASET);
        assertThat(docs).hasSize(1);
        JsonNode d = docs.get(0);
        assertThat(d.path("event").path("sequence").asLong()).isEqualTo(4);
        assertThat(d.path("source").path("port").asInt()).isEqualTo(40000);
        assertThat(d.path("tls").path("version").asText()).isEqualTo("1.3");
        assertThat(d.path("tls").path("version_protocol").asText()).isEqualTo("tls");
        assertThat(d.path("tls").path("cipher").asText()).isEqualTo("0x1301");
        assertThat(d.path("tls").path("client").path("server_name").asText()).isEqualTo("door-1.example");
        assertThat(d.path("tls").path("client").path("supported_versions").toString())
                .isEqualTo("[\"0x0304\",\"0x0303\"]");
        assertThat(d.path("tls").path("server").path("version").asText()).isEqualTo("1.3");
        assertThat(decodeKeys(r)).isEmpty();
        // the output contract (event, source/destination, network); the tls object awaits its schema entry
        com.fasterxml.jackson.databind.node.ObjectNode contract = d.deepCopy();
        contract.remove("tls");
        assertThat(dev.vigil.sensor.testing.EventSchema.validate(contract)).as("%s", d).isEmpty();
    }

    @Test
    void clientHelloWithoutAnswerIsLoggedAtFlowEndWithTheOfferedVersion() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(CLIENT, 40001, SERVER, 5061);
        k.send(0, clientHello("pbx.example"));                        // frame 4
        k.close();
        List<JsonNode> docs = run(c).output().dataset(TlsApp.DATASET);
        assertThat(docs).hasSize(1);
        assertThat(docs.get(0).path("event").path("sequence").asLong()).isEqualTo(4);
        assertThat(docs.get(0).path("tls").path("version").asText()).isEqualTo("1.3");
        assertThat(docs.get(0).path("tls").has("server")).isFalse();
    }

    @Test
    void serverHelloAloneCarriesNoClientFields() {
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(CLIENT, 40002, SERVER, 8443);
        k.send(1, serverHello(false));                                // frame 4
        k.close();
        List<JsonNode> docs = run(c).output().dataset(TlsApp.DATASET);
        assertThat(docs).hasSize(1);
        JsonNode t = docs.get(0).path("tls");
        assertThat(t.has("version")).isFalse(); // tls.version is the ClientHello's (scored per ClientHello)
        assertThat(t.path("server").path("version").asText()).isEqualTo("1.2");
        assertThat(t.path("cipher").asText()).isEqualTo("0xc02f");
        assertThat(docs.get(0).path("source").path("port").asInt()).isEqualTo(40002);
    }

    @Test
    void tooManyHellos() {
        // 20 ClientHellos on one connection: 16 documents, then tls.too_many_hellos once
        TcpCapture c = new TcpCapture();
        TcpCapture.Conn k = c.connect(CLIENT, 40003, SERVER, 443);
        for (int i = 0; i < 20; i++) {
            k.send(0, clientHello("h" + i + ".example"));
        }
        k.close();
        Analyze.Run r = run(c);
        assertThat(r.output().dataset(TlsApp.DATASET)).hasSize(TlsApp.MAX_TRANSACTIONS);
        assertThat(decodeKeys(r)).containsOnlyOnce("tls.too_many_hellos");
    }

    @Test
    void serverCertificateAsZeekSeesIt() {
        // expected values from zeek's x509.log baseline for the same capture (expected/...zeek-2-x509.log)
        Analyze.Run r = Analyze.files(new AppRegistry().register(TlsApp::new), Corpus.file("tls/zeek__tls1.2.pcap"));
        List<JsonNode> docs = r.output().dataset(TlsApp.DATASET);
        assertThat(docs).hasSize(1);
        JsonNode s = docs.get(0).path("tls").path("server");
        assertThat(s.path("subject").asText()).startsWith("CN=*.taleo.net,").contains("O=Taleo Inc.");
        assertThat(s.path("issuer").asText()).isEqualTo(
                "CN=COMODO High-Assurance Secure Server CA,O=COMODO CA Limited,L=Salford,ST=Greater Manchester,C=GB");
        assertThat(s.path("not_before").asText()).isEqualTo("2011-05-04T00:00:00Z"); // 1304467200
        assertThat(s.path("not_after").asText()).isEqualTo("2016-07-04T23:59:59Z");  // 1467676799
        assertThat(s.path("x509").path("public_key_algorithm").asText()).isEqualTo("RSA");
        assertThat(s.path("x509").path("public_key_size").asInt()).isEqualTo(2048);
        assertThat(s.path("x509").path("serial_number").asText()).isEqualToIgnoringCase("99FAA8037A4EB2FAEF84EB5E55D5B8C8");
        assertThat(s.path("self_signed").asBoolean()).isFalse();
    }
}
