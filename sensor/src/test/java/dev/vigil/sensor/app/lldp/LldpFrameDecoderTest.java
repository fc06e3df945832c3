package dev.vigil.sensor.app.lldp;

import static dev.vigil.sensor.app.lldp.LinkCapture.concat;
import static dev.vigil.sensor.app.lldp.LinkCapture.hex;
import static dev.vigil.sensor.app.lldp.LinkCapture.pad;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-built LLDP frames through the whole pipeline with only the LLDP frame decoder registered. */
class LldpFrameDecoderTest {
    @TempDir
    Path dir;

    /** Ethernet header: LLDP multicast 01:80:C2:00:00:0E from 00:13:CB:00:00:01. */
    private static final byte[] ETH = hex("01 80 c2 00 00 0e", "00 13 cb 00 00 01");

    private static byte[] tlv(int type, byte[] value) {
        int h = (type << 9) | value.length;
        return concat(new byte[] {(byte) (h >>> 8), (byte) h}, value);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Chassis MAC, port "eth0", TTL 120, system name, MED voice policy VLAN 50, End. */
    private static byte[] lldpdu(boolean withEnd) {
        return concat(
                tlv(1, hex("04 00 13 cb 00 00 01")),               // Chassis ID: MAC
                tlv(2, concat(hex("05"), ascii("eth0"))),          // Port ID: interface name
                tlv(3, hex("00 78")),                              // TTL 120
                tlv(5, ascii("intercom-1")),                       // System Name
                tlv(7, hex("00 24 00 20")),                        // capabilities bridge+telephone, enabled telephone
                tlv(8, hex("05 01 c0 00 02 0a 02 00 00 00 03 00")), // management 192.0.2.10, ifIndex 3
                tlv(127, hex("00 12 bb 02 01 40 65 ae")),          // MED network policy: voice, tagged, VLAN 50, prio 6, DSCP 46
                withEnd ? hex("00 00") : new byte[0]);             // End Of LLDPDU
    }

    private Analyze.Run run(LinkCapture c) {
        return Analyze.files(new AppRegistry().registerFrames(LldpFrameDecoder::new), c.write(dir, "lldp.pcap"));
    }

    private static List<String> decodeKeys(Analyze.Run r) {
        return r.output().dataset("vigil.decode").stream().map(d -> d.path("decode").path("key").asText())
                .collect(Collectors.toList());
    }

    @Test
    void taggedFrameBecomesOneEvent() {
        byte[] frame = pad(concat(ETH, hex("81 00", "00 64", "88 cc"), lldpdu(true))); // 802.1Q VLAN 100, then LLDP
        Analyze.Run r = run(new LinkCapture().frame(frame));
        List<JsonNode> docs = r.output().dataset("vigil.lldp");
        assertThat(docs).hasSize(1);
        JsonNode d = docs.get(0);
        assertThat(EventSchema.validate(d)).as(d.toString()).isEmpty();
        assertThat(d.path("event").path("sequence").asLong()).isEqualTo(1);
        assertThat(d.path("source").path("mac").asText()).isEqualTo("00-13-CB-00-00-01");
        assertThat(d.path("destination").path("mac").asText()).isEqualTo("01-80-C2-00-00-0E");
        assertThat(d.path("network").path("vlan").path("id").asText()).isEqualTo("100");
        assertThat(d.path("network").path("protocol").asText()).isEqualTo("lldp");
        JsonNode l = d.path("lldp");
        assertThat(l.path("chassis_id").asText()).isEqualTo("00-13-CB-00-00-01");
        assertThat(l.path("chassis_id_subtype").asText()).isEqualTo("mac_address");
        assertThat(l.path("port_id").asText()).isEqualTo("eth0");
        assertThat(l.path("port_id_subtype").asText()).isEqualTo("interface_name");
        assertThat(l.path("ttl").asInt()).isEqualTo(120);
        assertThat(l.path("system").path("name").asText()).isEqualTo("intercom-1");
        assertThat(l.path("system").path("capabilities").toString()).isEqualTo("[\"bridge\",\"telephone\"]");
        assertThat(l.path("system").path("enabled_capabilities").toString()).isEqualTo("[\"telephone\"]");
        assertThat(l.path("management_address").toString()).isEqualTo("[\"192.0.2.10\"]");
        assertThat(l.path("management_interface").toString()).isEqualTo("[3]");
        JsonNode p = l.path("med").path("network_policy");
        assertThat(p.path("application_type").toString()).isEqualTo("[\"voice\"]");
        assertThat(p.path("vlan_id").toString()).isEqualTo("[50]");
        assertThat(p.path("priority").toString()).isEqualTo("[6]");
        assertThat(p.path("dscp").toString()).isEqualTo("[46]");
        assertThat(p.path("tagged").toString()).isEqualTo("[true]");
        assertThat(p.path("unknown").toString()).isEqualTo("[false]");
        assertThat(l.path("tlvs").asInt()).isEqualTo(8);
        assertThat(l.has("anomalies")).isFalse();
        assertThat(decodeKeys(r)).isEmpty();
    }

    @Test
    void malformedFrameCarriesItsFailureAndADecodeEvent() {
        // captured whole, and the frame ends right after the last TLV: no End TLV, no padding
        byte[] body = lldpdu(false);
        byte[] frame = concat(ETH, hex("88 cc"), body);
        Analyze.Run r = run(new LinkCapture().frame(frame));
        assertThat(decodeKeys(r)).containsExactly("lldp.missing_end");
        JsonNode decode = r.output().dataset("vigil.decode").get(0);
        assertThat(decode.path("source").path("mac").asText()).isEqualTo("00-13-CB-00-00-01");
        assertThat(decode.path("event").path("sequence").asLong()).isEqualTo(1);
        JsonNode d = r.output().dataset("vigil.lldp").get(0);
        assertThat(d.path("lldp").path("anomalies").toString()).isEqualTo("[\"lldp.missing_end\"]");
        assertThat(d.path("lldp").path("system").path("name").asText()).isEqualTo("intercom-1");
        assertThat(EventSchema.validate(d)).as(d.toString()).isEmpty();
    }

    @Test
    void snapLengthCutIsTruncatedNotMalformed() {
        byte[] frame = pad(concat(ETH, hex("88 cc"), lldpdu(true)));
        Analyze.Run r = run(new LinkCapture().frame(frame, 14 + 9 + 7 + 4 + 5)); // 5 bytes into the System Name TLV
        assertThat(decodeKeys(r)).containsExactly("lldp.truncated");
        JsonNode l = r.output().dataset("vigil.lldp").get(0).path("lldp");
        assertThat(l.path("chassis_id").asText()).isEqualTo("00-13-CB-00-00-01");
        assertThat(l.path("ttl").asInt()).isEqualTo(120);
        assertThat(l.path("system").has("name")).isFalse();
    }

    @Test
    void otherFramesAreNotTaken() {
        byte[] other = pad(concat(ETH, hex("88 8e"), hex("01 00 00 00")));  // EAPOL, not LLDP
        Analyze.Run r = run(new LinkCapture().frame(other));
        assertThat(r.output().dataset("vigil.lldp")).isEmpty();
        assertThat(decodeKeys(r)).isEmpty();
    }
}
