package dev.vigil.sensor.app.cdp;

import static dev.vigil.sensor.app.lldp.LinkCapture.concat;
import static dev.vigil.sensor.app.lldp.LinkCapture.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.lldp.LinkCapture;
import dev.vigil.sensor.app.lldp.LldpFrameDecoder;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-built CDP frames through the whole pipeline with the CDP (and LLDP) frame decoders registered. */
class CdpFrameDecoderTest {
    @TempDir
    Path dir;

    private static byte[] tlv(int type, byte[] value) {
        int length = value.length + 4;
        return concat(new byte[] {(byte) (type >>> 8), (byte) type, (byte) (length >>> 8), (byte) length}, value);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Version 2, TTL 180, the TLVs, and the RFC 1071 checksum (the PDUs here have even length). */
    private static byte[] pdu(byte[]... tlvs) {
        byte[] p = concat(hex("02 b4 00 00"), concat(tlvs));
        assertThat(p.length % 2).isZero();
        long sum = 0;
        for (int i = 0; i < p.length; i += 2) {
            sum += ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        int c = (int) (~sum & 0xFFFF);
        p[2] = (byte) (c >>> 8);
        p[3] = (byte) c;
        return p;
    }

    private static final byte[] PDU = pdu(
            tlv(0x0001, ascii("SW1")),                            // Device ID
            tlv(0x0002, hex("00 00 00 01 01 01 cc 00 04 c0 00 02 01")), // Addresses: 192.0.2.1
            tlv(0x0003, ascii("Gi0/1")),                          // Port ID
            tlv(0x0004, hex("00 00 00 28")),                      // Capabilities: switch, IGMP
            tlv(0x0006, ascii("cisco WS-C2960G")),                 // Platform
            tlv(0x000a, hex("00 0a")),                            // Native VLAN 10
            tlv(0x000e, hex("01 00 32")),                         // VoIP VLAN Reply: VLAN 50
            tlv(0x000b, hex("01")),                               // Duplex: full
            tlv(0x0009, ascii("")));                              // VTP domain, empty

    /** 802.3 header to 01:00:0C:CC:CC:CC from 00:00:5E:00:53:01 with the length, then LLC/SNAP for CDP. */
    private static byte[] frame(byte[] pdu, String snapPid) {
        int length = 8 + pdu.length;
        return concat(hex("01 00 0c cc cc cc", "00 00 5e 00 53 01"), new byte[] {(byte) (length >>> 8), (byte) length},
                hex("aa aa 03", "00 00 0c", snapPid), pdu);
    }

    private Analyze.Run run(LinkCapture c) {
        return Analyze.files(new AppRegistry().registerFrames(LldpFrameDecoder::new).registerFrames(CdpFrameDecoder::new),
                c.write(dir, "cdp.pcap"));
    }

    private static List<String> decodeKeys(Analyze.Run r) {
        return r.output().dataset("vigil.decode").stream().map(d -> d.path("decode").path("key").asText())
                .collect(Collectors.toList());
    }

    @Test
    void oneEventPerFrame() {
        Analyze.Run r = run(new LinkCapture().frame(frame(PDU, "20 00")));
        List<JsonNode> docs = r.output().dataset("vigil.cdp");
        assertThat(docs).hasSize(1);
        JsonNode d = docs.get(0);
        assertThat(EventSchema.validate(d)).as(d.toString()).isEmpty();
        assertThat(d.path("event").path("sequence").asLong()).isEqualTo(1);
        assertThat(d.path("source").path("mac").asText()).isEqualTo("00-00-5E-00-53-01");
        assertThat(d.path("destination").path("mac").asText()).isEqualTo("01-00-0C-CC-CC-CC");
        assertThat(d.path("network").path("protocol").asText()).isEqualTo("cdp");
        JsonNode c = d.path("cdp");
        assertThat(c.path("version").asInt()).isEqualTo(2);
        assertThat(c.path("ttl").asInt()).isEqualTo(180);
        assertThat(c.path("checksum_valid").asBoolean()).isTrue();
        assertThat(c.path("device_id").asText()).isEqualTo("SW1");
        assertThat(c.path("port_id").asText()).isEqualTo("Gi0/1");
        assertThat(c.path("platform").asText()).isEqualTo("cisco WS-C2960G");
        assertThat(c.path("addresses").toString()).isEqualTo("[\"192.0.2.1\"]");
        assertThat(c.path("capabilities").toString()).isEqualTo("[\"switch\",\"igmp\"]");
        assertThat(c.path("native_vlan").asInt()).isEqualTo(10);
        assertThat(c.path("voice_vlan").asInt()).isEqualTo(50);
        assertThat(c.path("duplex").asText()).isEqualTo("full");
        assertThat(c.path("vtp_domain").asText()).isEmpty();
        assertThat(c.has("anomalies")).isFalse();
        assertThat(decodeKeys(r)).isEmpty();
        assertThat(r.output().dataset("vigil.lldp")).isEmpty();
    }

    @Test
    void badChecksumIsReportedWithTheEvent() {
        byte[] bad = PDU.clone();
        bad[3] ^= 0x40;
        Analyze.Run r = run(new LinkCapture().frame(frame(bad, "20 00")));
        assertThat(decodeKeys(r)).containsExactly("cdp.bad_checksum");
        JsonNode c = r.output().dataset("vigil.cdp").get(0).path("cdp");
        assertThat(c.path("checksum_valid").asBoolean()).isFalse();
        assertThat(c.path("anomalies").toString()).isEqualTo("[\"cdp.bad_checksum\"]");
        assertThat(c.path("device_id").asText()).isEqualTo("SW1");
    }

    @Test
    void snapLengthCutIsTruncated() {
        byte[] f = frame(PDU, "20 00");
        Analyze.Run r = run(new LinkCapture().frame(f, 14 + 8 + 4 + 7 + 6)); // inside the Addresses TLV
        assertThat(decodeKeys(r)).containsExactly("cdp.truncated");
        JsonNode c = r.output().dataset("vigil.cdp").get(0).path("cdp");
        assertThat(c.path("device_id").asText()).isEqualTo("SW1");
        assertThat(c.has("checksum_valid")).isFalse();
    }

    @Test
    void paddingAfterTheLengthIsNotPartOfThePdu() {
        // the 802.3 length bounds the PDU; 12 bytes of padding follow and the capture cut 4 of them
        byte[] f = concat(frame(PDU, "20 00"), new byte[12]);
        Analyze.Run r = run(new LinkCapture().frame(f, f.length - 4));
        assertThat(decodeKeys(r)).isEmpty();
        assertThat(r.output().dataset("vigil.cdp").get(0).path("cdp").path("checksum_valid").asBoolean()).isTrue();
    }

    @Test
    void otherCiscoSnapProtocolsAreNotCdp() {
        Analyze.Run r = run(new LinkCapture().frame(frame(PDU, "20 04"))); // protocol id 0x2004: DTP
        assertThat(r.output().dataset("vigil.cdp")).isEmpty();
        assertThat(decodeKeys(r)).isEmpty();
    }
}
