package dev.vigil.sensor.app.snmp;

import static dev.vigil.sensor.app.snmp.Ber.integer;
import static dev.vigil.sensor.app.snmp.Ber.message;
import static dev.vigil.sensor.app.snmp.Ber.nul;
import static dev.vigil.sensor.app.snmp.Ber.octets;
import static dev.vigil.sensor.app.snmp.Ber.oid;
import static dev.vigil.sensor.app.snmp.Ber.pdu;
import static dev.vigil.sensor.app.snmp.Ber.seq;
import static dev.vigil.sensor.app.snmp.Ber.tlv;
import static dev.vigil.sensor.app.snmp.Ber.v3;
import static dev.vigil.sensor.app.snmp.Ber.varbind;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-written SNMP datagrams through the whole offline pipeline with only {@link SnmpApp}
 * registered: one {@code vigil.snmp} event per message in both directions on 161 and 162, the
 * JSON fields and their types, the community never written, and decode events as
 * {@code vigil.decode} documents plus {@code snmp.decode_error}.
 */
class SnmpAppTest {
    @TempDir
    Path dir;

    private static final String COMMUNITY = "s3cr3t-c0mmunity";

    private Analyze.Run run(SnmpCapture c) {
        return Analyze.files(new AppRegistry().register(() -> new SnmpApp(SnmpCorpusTest.SALT)),
                c.write(dir, "t.pcap"));
    }

    private static List<JsonNode> snmp(Analyze.Run r) {
        return r.output().dataset("vigil.snmp");
    }

    @Test
    void aPollAndItsResponseWithTheSystemGroup() {
        SnmpCapture c = new SnmpCapture()
                .udp(SnmpCapture.MANAGER, 40000, SnmpCapture.AGENT, 161, message(1, COMMUNITY, pdu(0, 1001, 0, 0,
                        varbind("1.3.6.1.2.1.1.1.0", nul()), varbind("1.3.6.1.2.1.1.2.0", nul()))))
                .udp(SnmpCapture.AGENT, 161, SnmpCapture.MANAGER, 40000, message(1, COMMUNITY, pdu(2, 1001, 0, 0,
                        varbind("1.3.6.1.2.1.1.1.0", octets("Zenitel TCIV+ 7.5.3.2")),
                        varbind("1.3.6.1.2.1.1.2.0", oid("1.3.6.1.4.1.26122.1.3")),
                        varbind("1.3.6.1.2.1.1.4.0", octets("ops")),
                        varbind("1.3.6.1.2.1.1.5.0", octets("gate-3")),
                        varbind("1.3.6.1.2.1.1.6.0", octets("Building A")))));
        Analyze.Run r = run(c);
        List<JsonNode> events = snmp(r);
        assertThat(events).hasSize(2);
        for (String line : r.output().lines()) {
            assertThat(line).as("the community never leaves the sensor").doesNotContain(COMMUNITY);
        }
        JsonNode req = events.get(0);
        assertThat(req.path("event").path("sequence").asLong()).isEqualTo(1);
        assertThat(req.path("source").path("ip").asText()).isEqualTo("192.168.0.2");
        assertThat(req.path("destination").path("port").asInt()).isEqualTo(161);
        assertThat(req.path("network").path("transport").asText()).isEqualTo("udp");
        JsonNode s = req.path("snmp");
        assertThat(s.path("version").asText()).isEqualTo("2c");
        assertThat(s.path("version_number").asInt()).isEqualTo(1);
        assertThat(s.path("pdu_type").asText()).isEqualTo("get-request");
        assertThat(s.path("request_id").isIntegralNumber()).isTrue();
        assertThat(s.path("request_id").asLong()).isEqualTo(1001);
        assertThat(s.path("error_status").asText()).isEqualTo("noError");
        assertThat(s.path("error_index").asInt()).isZero();
        assertThat(s.path("varbind_count").asInt()).isEqualTo(2);
        assertThat(s.path("oids").toString()).isEqualTo("[\"1.3.6.1.2.1.1.1.0\",\"1.3.6.1.2.1.1.2.0\"]");
        assertThat(s.path("community").path("present").asBoolean()).isTrue();
        assertThat(s.path("community").path("default").isBoolean()).isTrue();
        assertThat(s.path("community").path("default").asBoolean()).isFalse();
        assertThat(s.path("community").path("hash").asText()).matches("[0-9a-f]{32}");
        assertThat(s.has("system")).isFalse();
        assertThat(s.has("decode_error")).isFalse();

        JsonNode resp = events.get(1);
        assertThat(resp.path("event").path("sequence").asLong()).isEqualTo(2);
        assertThat(resp.path("source").path("port").asInt()).isEqualTo(161);
        s = resp.path("snmp");
        assertThat(s.path("pdu_type").asText()).isEqualTo("get-response");
        assertThat(s.path("community").path("hash").asText())
                .isEqualTo(req.path("snmp").path("community").path("hash").asText());
        assertThat(s.path("system").path("description").asText()).isEqualTo("Zenitel TCIV+ 7.5.3.2");
        assertThat(s.path("system").path("object_id").asText()).isEqualTo("1.3.6.1.4.1.26122.1.3");
        assertThat(s.path("system").path("contact").asText()).isEqualTo("ops");
        assertThat(s.path("system").path("name").asText()).isEqualTo("gate-3");
        assertThat(s.path("system").path("location").asText()).isEqualTo("Building A");
        assertThat(s.path("vendor").asText()).isEqualTo("zenitel");
        for (JsonNode d : r.output().docs()) {
            assertThat(EventSchema.validate(d)).as(d.toString()).isEmpty();
        }
        // the flow is labelled with the protocol
        assertThat(r.output().dataset("vigil.flow")).extracting(d -> d.path("network").path("protocol").asText())
                .containsOnly("snmp");
    }

    @Test
    void aDefaultCommunityAndAV1TrapTo162() {
        SnmpCapture c = new SnmpCapture().udp(SnmpCapture.AGENT, 5000, SnmpCapture.MANAGER, 162,
                message(0, "public", tlv(0xA4, oid("1.3.6.1.4.1.26122.2"), tlv(0x40, new byte[] {10, 0, 0, 7}),
                        integer(4), integer(0), tlv(0x43, new byte[] {0x01, 0x00}),
                        seq(varbind("1.3.6.1.2.1.1.3.0", tlv(0x43, new byte[] {1}))))));
        JsonNode s = snmp(run(c)).get(0).path("snmp");
        assertThat(s.path("version").asText()).isEqualTo("1");
        assertThat(s.path("pdu_type").asText()).isEqualTo("trap");
        assertThat(s.has("request_id")).isFalse();
        assertThat(s.path("community").path("default").asBoolean()).isTrue();
        assertThat(s.path("trap").path("enterprise").asText()).isEqualTo("1.3.6.1.4.1.26122.2");
        assertThat(s.path("trap").path("agent_address").asText()).isEqualTo("10.0.0.7");
        assertThat(s.path("trap").path("generic").asText()).isEqualTo("authenticationFailure");
        assertThat(s.path("trap").path("specific").asInt()).isZero();
        assertThat(s.path("trap").path("time_ticks").asInt()).isEqualTo(256);
        assertThat(s.path("vendor").asText()).isEqualTo("zenitel");
    }

    @Test
    void v3PlaintextAndEncrypted() {
        byte[] engine = {(byte) 0x80, 0, 0x66, 0x0A, 0x03, 0x00, 0x13, (byte) 0xCB, 0x01, 0x02, 0x03};
        SnmpCapture c = new SnmpCapture()
                .udp(SnmpCapture.MANAGER, 40001, SnmpCapture.AGENT, 161,
                        v3(77, 0x05, "monitor", engine, seq(octets(engine), octets("ctx"), pdu(1, 78, 0, 0,
                                varbind("1.3.6.1.2.1.1.5.0", nul())))))
                .udp(SnmpCapture.AGENT, 161, SnmpCapture.MANAGER, 40001,
                        v3(77, 0x03, "monitor", engine, octets(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})));
        List<JsonNode> events = snmp(run(c));
        JsonNode s = events.get(0).path("snmp");
        assertThat(s.path("version").asText()).isEqualTo("3");
        assertThat(s.path("community").path("present").asBoolean()).isFalse();
        assertThat(s.path("community").has("hash")).isFalse();
        assertThat(s.path("pdu_type").asText()).isEqualTo("get-next-request");
        assertThat(s.path("request_id").asLong()).isEqualTo(78);
        JsonNode v3 = s.path("v3");
        assertThat(v3.path("msg_id").asLong()).isEqualTo(77);
        assertThat(v3.path("max_size").asLong()).isEqualTo(65507);
        assertThat(v3.path("flags").asInt()).isEqualTo(5);
        assertThat(v3.path("security_level").asText()).isEqualTo("authNoPriv");
        assertThat(v3.path("security_model").asInt()).isEqualTo(3);
        assertThat(v3.path("user").asText()).isEqualTo("monitor");
        assertThat(v3.path("engine_id").asText()).isEqualTo("8000660a030013cb010203");
        assertThat(v3.path("engine_boots").asInt()).isEqualTo(3);
        assertThat(v3.path("engine_time").asInt()).isEqualTo(1234);
        assertThat(v3.path("context_name").asText()).isEqualTo("ctx");

        s = events.get(1).path("snmp");
        assertThat(s.path("pdu_type").asText()).isEqualTo("encrypted");
        assertThat(s.has("request_id")).isFalse();
        assertThat(s.has("varbind_count")).isFalse();
        assertThat(s.path("v3").path("security_level").asText()).isEqualTo("authPriv");
    }

    @Test
    void aMessageCutByTheCaptureIsTruncatedAndStillReported() {
        byte[] m = message(1, "public", pdu(2, 55, 0, 0, varbind("1.3.6.1.2.1.1.1.0", octets("x".repeat(100)))));
        SnmpCapture c = new SnmpCapture()
                .udp(SnmpCapture.AGENT, 161, SnmpCapture.MANAGER, 40000, m, 40)
                .udp(SnmpCapture.AGENT, 161, SnmpCapture.MANAGER, 40000, java.util.Arrays.copyOf(m, 40));
        Analyze.Run r = run(c);
        List<JsonNode> events = snmp(r);
        assertThat(events).hasSize(2);
        JsonNode s = events.get(0).path("snmp");
        assertThat(s.path("decode_error").asText()).isEqualTo("snmp.truncated");
        assertThat(s.path("pdu_type").asText()).isEqualTo("get-response");
        assertThat(s.path("request_id").asLong()).isEqualTo(55);
        assertThat(s.path("oids").toString()).isEqualTo("[\"1.3.6.1.2.1.1.1.0\"]");
        assertThat(s.has("system")).as("the value was cut").isFalse();
        // the same 40 bytes as a whole datagram: the message claims more than it has
        assertThat(events.get(1).path("snmp").path("decode_error").asText()).isEqualTo("snmp.malformed");
        List<String> keys = r.output().dataset("vigil.decode").stream()
                .map(d -> d.path("decode").path("key").asText()).collect(Collectors.toList());
        assertThat(keys).contains("snmp.truncated", "snmp.malformed");
    }

    @Test
    void varbindsBeyondTheCapAreCountedNotListed() {
        byte[][] vbs = new byte[70][];
        for (int i = 0; i < vbs.length; i++) {
            vbs[i] = varbind("1.3.6.1.2.1.2.2.1.10." + i, nul());
        }
        SnmpCapture c = new SnmpCapture().udp(SnmpCapture.MANAGER, 40000, SnmpCapture.AGENT, 161,
                message(1, "public", pdu(0, 9, 0, 0, vbs)));
        Analyze.Run r = run(c);
        JsonNode s = snmp(r).get(0).path("snmp");
        assertThat(s.path("varbind_count").asInt()).isEqualTo(70);
        assertThat(s.path("oids").size()).isEqualTo(64);
        assertThat(s.path("decode_error").asText()).isEqualTo("snmp.too_many_varbinds");
        assertThat(r.output().dataset("vigil.decode")).extracting(d -> d.path("decode").path("key").asText())
                .contains("snmp.too_many_varbinds");
    }

    @Test
    void notSnmpOnPort161IsReportedAsMalformed() {
        SnmpCapture c = new SnmpCapture().udp(SnmpCapture.MANAGER, 40000, SnmpCapture.AGENT, 161,
                "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        JsonNode s = snmp(run(c)).get(0).path("snmp");
        assertThat(s.path("decode_error").asText()).isEqualTo("snmp.malformed");
        assertThat(s.has("pdu_type")).isFalse();
        assertThat(s.has("version")).isFalse();
    }
}
