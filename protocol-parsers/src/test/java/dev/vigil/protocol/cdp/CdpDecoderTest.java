package dev.vigil.protocol.cdp;

import static dev.vigil.protocol.cdp.CdpFrames.header;
import static dev.vigil.protocol.cdp.CdpFrames.ipv4Addresses;
import static dev.vigil.protocol.cdp.CdpFrames.llcSnap;
import static dev.vigil.protocol.cdp.CdpFrames.pdu;
import static dev.vigil.protocol.cdp.CdpFrames.text;
import static dev.vigil.protocol.cdp.CdpFrames.tlv;
import static dev.vigil.protocol.testing.Hex.concat;
import static dev.vigil.protocol.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.DecodeEventType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Commented CDP PDUs: every field, the SNAP recognition, and one PDU per decode event key. */
class CdpDecoderTest {
    private final CdpDecoder decoder = new CdpDecoder();

    private static final Set<String> COVERED = Set.of("cdp.truncated", "cdp.bad_length", "cdp.bad_tlv_length",
            "cdp.bad_tlv_value", "cdp.bad_checksum", "cdp.missing_device_id", "cdp.duplicate_tlv", "cdp.too_many_tlvs",
            "cdp.too_many_addresses");

    @Test
    void everyEventKeyHasATest() {
        Set<String> registered = DecodeEventType.all().stream().map(DecodeEventType::key)
                .filter(k -> k.startsWith("cdp.")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(registered).isEqualTo(new TreeSet<>(COVERED));
        assertThat(CdpDecoder.eventTypes()).extracting(DecodeEventType::key).containsExactlyInAnyOrderElementsOf(COVERED);
        for (DecodeEventType t : CdpDecoder.eventTypes()) {
            assertThat(t.description()).isNotBlank();
        }
    }

    static byte[] full() {
        return pdu(
                text(0x0001, "SW1"),                               // Device ID
                tlv(0x0002, ipv4Addresses(1, "192.0.2.1")),        // Addresses: 1 entry
                text(0x0003, "GigabitEthernet0/1"),                // Port ID
                tlv(0x0004, hex("00 00 00 28")),                   // Capabilities: switch (0x08) + IGMP (0x20)
                text(0x0005, "Cisco IOS Software\nVersion 15.2"),  // Software Version, two lines
                text(0x0006, "cisco WS-C2960-24PC-L"),             // Platform
                tlv(0x0008, hex("00 00 0c 01 12 00 00")),          // Protocol Hello: not decoded
                text(0x0009, "intercom"),                          // VTP Management Domain
                tlv(0x000a, hex("00 01")),                         // Native VLAN 1
                tlv(0x000b, hex("01")),                            // Duplex: full
                tlv(0x000e, hex("01", "00 32")),                   // VoIP VLAN Reply: appliance 1, VLAN 50
                tlv(0x0016, concat(ipv4Addresses(1, "192.0.2.2")))); // Management Addresses
    }

    @Test
    void decodesEveryField() {
        CdpMessage m = decoder.decode(full(), false);
        assertThat(m.events).isEmpty();
        assertThat(m.status).isEqualTo(CdpMessage.STATUS_OK);
        assertThat(m.version).isEqualTo(2);
        assertThat(m.ttl).isEqualTo(180);
        assertThat(m.checksumChecked).isTrue();
        assertThat(m.checksumValid).isTrue();
        assertThat(m.deviceId).isEqualTo("SW1");
        assertThat(m.portId).isEqualTo("GigabitEthernet0/1");
        assertThat(m.platform).isEqualTo("cisco WS-C2960-24PC-L");
        assertThat(m.softwareVersion).isEqualTo("Cisco IOS Software\nVersion 15.2");
        assertThat(m.addresses).containsExactly("192.0.2.1");
        assertThat(m.managementAddresses).containsExactly("192.0.2.2");
        assertThat(CdpMessage.capabilityNames(m.capabilities)).containsExactly("switch", "igmp");
        assertThat(m.vtpDomain).isEqualTo("intercom");
        assertThat(m.nativeVlan).isEqualTo(1);
        assertThat(CdpMessage.duplexName(m.duplex)).isEqualTo("full");
        assertThat(m.voiceVlan).isEqualTo(50);
        assertThat(m.tlvs).isEqualTo(12);
        assertThat(m.unknownTlvs).isEqualTo(1);
    }

    @Test
    void ipv6AddressAndOddLengthChecksum() {
        byte[] pdu = pdu(
                text(0x0001, "R1"),
                tlv(0x0002, hex(
                        "00 00 00 01",                             // one address
                        "02", "08",                                // protocol type 2 (802.2), length 8
                        "aa aa 03 00 00 00 86 dd",                 // SNAP ... EtherType 0x86DD: IPv6
                        "00 10",                                   // address length 16
                        "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01")),
                text(0x0006, "abc\u00ff"));                        // odd PDU length, last byte >= 0x80
        assertThat(pdu.length % 2).isEqualTo(1);
        CdpMessage m = decoder.decode(pdu, false);
        assertThat(m.events).isEmpty();
        assertThat(m.checksumValid).isTrue();
        assertThat(m.addresses).containsExactly("2001:db8::1");
    }

    @Test
    void recognisesCdpBySnapHeader() {
        byte[] frame = concat(hex("ff ff"), llcSnap(), full());
        UnsafeBuffer b = new UnsafeBuffer(frame);
        assertThat(CdpDecoder.matches(b, 2, frame.length - 2)).isTrue();
        assertThat(CdpDecoder.matches(b, 2, 7)).isFalse();              // too short for LLC/SNAP
        byte[] vtp = concat(hex("aa aa 03", "00 00 0c", "20 03"), full()); // protocol id 0x2003: VTP
        assertThat(CdpDecoder.matches(new UnsafeBuffer(vtp), 0, vtp.length)).isFalse();
        CdpMessage m = decoder.decode(b, 2, frame.length - 2, false);
        assertThat(m.deviceId).isEqualTo("SW1");
        assertThat(m.events).isEmpty();
    }

    @Test
    void truncated() {
        byte[] whole = full();
        CdpMessage m = decoder.decode(Arrays.copyOf(whole, 4 + 7 + 6), true); // cut inside the Addresses TLV
        assertThat(m.events).containsExactly(CdpDecoder.TRUNCATED);
        assertThat(m.status).isEqualTo(CdpMessage.STATUS_TRUNCATED);
        assertThat(m.deviceId).isEqualTo("SW1");
        assertThat(m.checksumChecked).isFalse();

        // cut exactly after a TLV: still truncated, checksum and Device ID not judged
        CdpMessage atBoundary = decoder.decode(Arrays.copyOf(whole, 4 + 7), true);
        assertThat(atBoundary.events).containsExactly(CdpDecoder.TRUNCATED);
    }

    @Test
    void badLength() {
        // the 802.3 length leaves 3 bytes after LLC/SNAP: not even the CDP header
        CdpMessage m = decoder.decode(hex("02 b4 00"), false);
        assertThat(m.events).containsExactly(CdpDecoder.BAD_LENGTH);
        assertThat(m.version).isEqualTo(-1);
    }

    @Test
    void badTlvLength() {
        // Device ID, then a TLV whose length 2 is shorter than its own header
        CdpMessage m = decoder.decode(pdu(text(0x0001, "SW1"), header(0x0003, 2), hex("00 00")), false);
        assertThat(m.events).containsExactly(CdpDecoder.BAD_TLV_LENGTH);
        assertThat(m.deviceId).isEqualTo("SW1");

        // a TLV that claims 100 bytes in a complete PDU
        CdpMessage past = decoder.decode(pdu(text(0x0001, "SW1"), header(0x0006, 100), hex("61 62")), false);
        assertThat(past.events).containsExactly(CdpDecoder.BAD_TLV_LENGTH);
        assertThat(past.checksumChecked).isFalse();
    }

    @Test
    void badTlvValue() {
        // Native VLAN with a 1-byte value (needs 2); the Port ID after it is still decoded
        CdpMessage m = decoder.decode(pdu(text(0x0001, "SW1"), tlv(0x000a, hex("01")), text(0x0003, "Fa0/1")), false);
        assertThat(m.events).containsExactly(CdpDecoder.BAD_TLV_VALUE);
        assertThat(m.nativeVlan).isEqualTo(-1);
        assertThat(m.portId).isEqualTo("Fa0/1");

        // an address count of 2 with one address
        CdpMessage count = decoder.decode(pdu(text(0x0001, "SW1"), tlv(0x0002, ipv4Addresses(2, "192.0.2.1"))), false);
        assertThat(count.events).containsExactly(CdpDecoder.BAD_TLV_VALUE);
        assertThat(count.addresses).containsExactly("192.0.2.1");
    }

    @Test
    void badChecksum() {
        byte[] p = full();
        p[3] ^= 0x01; // flip a bit of the checksum
        CdpMessage m = decoder.decode(p, false);
        assertThat(m.events).containsExactly(CdpDecoder.BAD_CHECKSUM);
        assertThat(m.checksumChecked).isTrue();
        assertThat(m.checksumValid).isFalse();
        assertThat(m.deviceId).isEqualTo("SW1"); // the fields are still reported
    }

    @Test
    void missingDeviceId() {
        CdpMessage m = decoder.decode(pdu(text(0x0003, "Fa0/1"), text(0x0006, "cisco")), false);
        assertThat(m.events).containsExactly(CdpDecoder.MISSING_DEVICE_ID);
        assertThat(m.portId).isEqualTo("Fa0/1");
    }

    @Test
    void duplicateTlv() {
        CdpMessage m = decoder.decode(pdu(text(0x0001, "SW1"), text(0x0006, "first"), text(0x0006, "second")), false);
        assertThat(m.events).containsExactly(CdpDecoder.DUPLICATE_TLV);
        assertThat(m.platform).isEqualTo("first");
    }

    @Test
    void tooManyTlvs() {
        CdpDecoder small = new CdpDecoder(new CdpConfig(2, 16));
        CdpMessage m = small.decode(pdu(text(0x0001, "SW1"), text(0x0003, "Fa0/1"), text(0x0006, "dropped")), false);
        assertThat(m.events).containsExactly(CdpDecoder.TOO_MANY_TLVS);
        assertThat(m.tlvs).isEqualTo(2);
        assertThat(m.platform).isNull();
        assertThat(m.checksumChecked).isFalse();
    }

    @Test
    void tooManyAddresses() {
        CdpDecoder small = new CdpDecoder(new CdpConfig(64, 1));
        CdpMessage m = small.decode(pdu(text(0x0001, "SW1"),
                tlv(0x0002, ipv4Addresses(2, "192.0.2.1", "192.0.2.2"))), false);
        assertThat(m.events).containsExactly(CdpDecoder.TOO_MANY_ADDRESSES);
        assertThat(m.addresses).containsExactly("192.0.2.1");
        assertThat(m.status).isEqualTo(CdpMessage.STATUS_OK);
    }

    @Test
    void heapAndDirectBuffersDecodeAlike() {
        byte[] frame = concat(llcSnap(), full());
        for (boolean direct : List.of(false, true)) {
            ByteBuffer bb = direct ? ByteBuffer.allocateDirect(frame.length + 30) : ByteBuffer.allocate(frame.length + 30);
            UnsafeBuffer buffer = new UnsafeBuffer(bb);
            buffer.setMemory(0, buffer.capacity(), (byte) 0x5A);
            buffer.putBytes(9, frame);
            assertThat(CdpDecoder.matches(buffer, 9, frame.length)).isTrue();
            CdpMessage m = decoder.decode(buffer, 9, frame.length, false);
            assertThat(m.events).isEmpty();
            assertThat(m.voiceVlan).isEqualTo(50);
        }
    }
}
