package dev.vigil.protocol.lldp;

import static dev.vigil.protocol.lldp.LldpFrames.ascii;
import static dev.vigil.protocol.lldp.LldpFrames.chassisMac;
import static dev.vigil.protocol.lldp.LldpFrames.end;
import static dev.vigil.protocol.lldp.LldpFrames.header;
import static dev.vigil.protocol.lldp.LldpFrames.managementIpv4;
import static dev.vigil.protocol.lldp.LldpFrames.mandatory;
import static dev.vigil.protocol.lldp.LldpFrames.portName;
import static dev.vigil.protocol.lldp.LldpFrames.systemName;
import static dev.vigil.protocol.lldp.LldpFrames.tlv;
import static dev.vigil.protocol.lldp.LldpFrames.ttl;
import static dev.vigil.protocol.lldp.LldpFrames.vlanName;
import static dev.vigil.protocol.lldp.LldpFrames.voicePolicy;
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

/** Commented LLDPDUs: every field, and one frame per decode event key. */
class LldpDecoderTest {
    private final LldpDecoder decoder = new LldpDecoder();

    /** The keys the tests below cover, one test each; must equal the decoder's registered keys. */
    private static final Set<String> COVERED = Set.of("lldp.truncated", "lldp.bad_tlv_length", "lldp.bad_tlv_value",
            "lldp.missing_mandatory_tlv", "lldp.duplicate_tlv", "lldp.missing_end", "lldp.too_many_tlvs",
            "lldp.too_many_management_addresses", "lldp.too_many_vlan_names", "lldp.too_many_network_policies");

    @Test
    void everyEventKeyHasATest() {
        Set<String> registered = DecodeEventType.all().stream().map(DecodeEventType::key)
                .filter(k -> k.startsWith("lldp.")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(registered).isEqualTo(new TreeSet<>(COVERED));
        assertThat(LldpDecoder.eventTypes()).extracting(DecodeEventType::key).containsExactlyInAnyOrderElementsOf(COVERED);
        for (DecodeEventType t : LldpDecoder.eventTypes()) {
            assertThat(t.description()).isNotBlank();
            assertThat(t.protocol()).isEqualTo("lldp");
        }
    }

    @Test
    void decodesEveryField() {
        byte[] pdu = concat(
                mandatory(),
                tlv(4, ascii("Port 1")),                          // Port Description
                systemName("intercom-1"),                         // System Name
                tlv(6, ascii("Zenitel TCIV-3+ 9.3.3.0\0")),       // System Description, NUL-terminated
                tlv(7, hex("00 24", "00 20")),                    // capabilities: bridge (0x04) + telephone (0x20); enabled: telephone
                managementIpv4(),
                tlv(8, hex(
                        "11", "02",                               // length 17, subtype 2: IPv6
                        "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01", // 2001:db8::1
                        "02", "00 00 00 03", "00")),              // ifIndex 3, no OID
                tlv(8, hex(
                        "07", "06",                               // length 7, subtype 6: IEEE 802
                        "00 13 cb 00 00 01",                      // MAC
                        "03", "00 00 00 01",                      // system port number 1
                        "02", "2b 06")),                          // OID length 2 (1.3.6 shortened), ignored
                tlv(127, hex("00 80 c2", "01", "00 0a")),        // 802.1 Port VLAN ID 10
                vlanName(10, "voice"),
                tlv(127, hex("00 12 bb", "01", "00 33", "03")),  // MED capabilities: caps, policy, ext PD, inventory; class III
                voicePolicy(),
                tlv(127, concat(hex("00 12 bb", "05"), ascii("HW 1.0"))),   // MED hardware revision
                tlv(127, concat(hex("00 12 bb", "06"), ascii("FW 2.0"))),   // firmware revision
                tlv(127, concat(hex("00 12 bb", "07"), ascii("SW 3.0"))),   // software revision
                tlv(127, concat(hex("00 12 bb", "08"), ascii("SN123"))),    // serial number
                tlv(127, concat(hex("00 12 bb", "09"), ascii("Zenitel"))),  // manufacturer
                tlv(127, concat(hex("00 12 bb", "0a"), ascii("TCIV-3+"))),  // model
                tlv(127, concat(hex("00 12 bb", "0b"), ascii("A-7"))),      // asset id
                tlv(127, concat(hex("00 00 5e", "01"), ascii("https://mud.example.com/intercom"))), // MUD URL
                tlv(127, hex("00 12 0f", "04", "05 ee")),        // 802.3 maximum frame size: not decoded
                tlv(9, hex("01 02")),                             // reserved type 9: not decoded
                end(),
                hex("00 00 00 00"));                              // Ethernet padding after End
        LldpMessage m = decoder.decode(pdu, false);

        assertThat(m.events).isEmpty();
        assertThat(m.status).isEqualTo(LldpMessage.STATUS_OK);
        assertThat(m.chassisIdSubtype).isEqualTo(4);
        assertThat(m.chassisId).isEqualTo("00-13-CB-00-00-01");
        assertThat(m.portIdSubtype).isEqualTo(5);
        assertThat(m.portId).isEqualTo("eth0");
        assertThat(m.ttl).isEqualTo(120);
        assertThat(m.portDescription).isEqualTo("Port 1");
        assertThat(m.systemName).isEqualTo("intercom-1");
        assertThat(m.systemDescription).isEqualTo("Zenitel TCIV-3+ 9.3.3.0");
        assertThat(LldpMessage.capabilityNames(m.capabilities)).containsExactly("bridge", "telephone");
        assertThat(LldpMessage.capabilityNames(m.enabledCapabilities)).containsExactly("telephone");
        assertThat(m.managementAddresses).containsExactly(
                new LldpMessage.ManagementAddress(1, "192.0.2.10", 2, 3),
                new LldpMessage.ManagementAddress(2, "2001:db8::1", 2, 3),
                new LldpMessage.ManagementAddress(6, "00-13-CB-00-00-01", 3, 1));
        assertThat(m.managementAddresses.get(0).isIp()).isTrue();
        assertThat(m.managementAddresses.get(2).isMac()).isTrue();
        assertThat(m.portVlanId).isEqualTo(10);
        assertThat(m.vlanNames).containsExactly(new LldpMessage.VlanName(10, "voice"));
        assertThat(LldpMessage.medCapabilityNames(m.medCapabilities))
                .containsExactly("capabilities", "network_policy", "extended_power_pd", "inventory");
        assertThat(LldpMessage.medDeviceClassName(m.medDeviceClass)).isEqualTo("endpoint_class_3");
        assertThat(m.networkPolicies).containsExactly(new LldpMessage.NetworkPolicy(1, false, true, 50, 6, 46));
        assertThat(LldpMessage.medApplicationName(1)).isEqualTo("voice");
        assertThat(m.medHardwareRevision).isEqualTo("HW 1.0");
        assertThat(m.medFirmwareRevision).isEqualTo("FW 2.0");
        assertThat(m.medSoftwareRevision).isEqualTo("SW 3.0");
        assertThat(m.medSerialNumber).isEqualTo("SN123");
        assertThat(m.medManufacturer).isEqualTo("Zenitel");
        assertThat(m.medModel).isEqualTo("TCIV-3+");
        assertThat(m.medAssetId).isEqualTo("A-7");
        assertThat(m.mudUrl).isEqualTo("https://mud.example.com/intercom");
        assertThat(m.tlvs).isEqualTo(25);
        assertThat(m.unknownTlvs).isEqualTo(2);
    }

    @Test
    void networkAddressAndMacIdentifiers() {
        byte[] pdu = concat(
                tlv(1, hex("05", "01", "ac 10 0a 6d")),          // chassis subtype 5: family 1 (IPv4) 172.16.10.109
                tlv(2, hex("03", "00 23 54 c2 57 02")),          // port subtype 3: MAC
                ttl(), end());
        LldpMessage m = decoder.decode(pdu, false);
        assertThat(m.events).isEmpty();
        assertThat(m.chassisId).isEqualTo("172.16.10.109");
        assertThat(LldpMessage.chassisSubtypeName(m.chassisIdSubtype)).isEqualTo("network_address");
        assertThat(m.portId).isEqualTo("00-23-54-C2-57-02");
        assertThat(LldpMessage.portSubtypeName(m.portIdSubtype)).isEqualTo("mac_address");
        assertThat(LldpMessage.portSubtypeName(9)).isEqualTo("9");
    }

    @Test
    void truncated() {
        byte[] whole = concat(mandatory(), systemName("a-long-system-name"), end());
        // the capture kept the mandatory TLVs and 5 bytes of the System Name TLV
        byte[] cut = Arrays.copyOf(whole, mandatory().length + 5);
        LldpMessage m = decoder.decode(cut, true);
        assertThat(m.events).containsExactly(LldpDecoder.TRUNCATED);
        assertThat(m.status).isEqualTo(LldpMessage.STATUS_TRUNCATED);
        assertThat(m.chassisId).isEqualTo("00-13-CB-00-00-01");
        assertThat(m.ttl).isEqualTo(120);
        assertThat(m.systemName).isNull();
    }

    @Test
    void badTlvLength() {
        // the whole frame was captured, but System Name claims 40 bytes and only 4 follow
        byte[] pdu = concat(mandatory(), header(5, 40), ascii("abcd"));
        LldpMessage m = decoder.decode(pdu, false);
        assertThat(m.events).containsExactly(LldpDecoder.BAD_TLV_LENGTH);
        assertThat(m.status).isEqualTo(LldpMessage.STATUS_MALFORMED);
        assertThat(m.portId).isEqualTo("eth0");

        // a length outside the range of its type: TTL with 1 byte (must be 2) is not used
        LldpMessage shortTtl = decoder.decode(concat(chassisMac(), portName(), tlv(3, hex("78")), end()), false);
        assertThat(shortTtl.events).containsExactly(LldpDecoder.BAD_TLV_LENGTH);
        assertThat(shortTtl.ttl).isEqualTo(-1);
    }

    @Test
    void badTlvValue() {
        byte[] pdu = concat(mandatory(),
                tlv(8, hex(
                        "20", "01",                               // address string length 32 ...
                        "c0 00 02 0a",                            // ... but only 4 address bytes
                        "02", "00 00 00 03", "00")),
                systemName("after"),                              // decoding goes on after the bad TLV
                end());
        LldpMessage m = decoder.decode(pdu, false);
        assertThat(m.events).containsExactly(LldpDecoder.BAD_TLV_VALUE);
        assertThat(m.managementAddresses).isEmpty();
        assertThat(m.systemName).isEqualTo("after");
    }

    @Test
    void missingMandatoryTlv() {
        // no Chassis ID: the PDU starts with Port ID
        LldpMessage m = decoder.decode(concat(portName(), ttl(), systemName("x"), end()), false);
        assertThat(m.events).containsExactly(LldpDecoder.MISSING_MANDATORY_TLV);
        assertThat(m.chassisId).isNull();
        assertThat(m.portId).isEqualTo("eth0");
        assertThat(m.systemName).isEqualTo("x");

        // only padding: the first TLV is End
        assertThat(decoder.decode(new byte[46], false).events).containsExactly(LldpDecoder.MISSING_MANDATORY_TLV);
    }

    @Test
    void duplicateTlv() {
        LldpMessage m = decoder.decode(concat(mandatory(), systemName("first"), systemName("second"), end()), false);
        assertThat(m.events).containsExactly(LldpDecoder.DUPLICATE_TLV);
        assertThat(m.systemName).isEqualTo("first");
    }

    @Test
    void missingEnd() {
        // the frame was captured whole and ends right after the last TLV, without End Of LLDPDU
        LldpMessage m = decoder.decode(concat(mandatory(), systemName("x")), false);
        assertThat(m.events).containsExactly(LldpDecoder.MISSING_END);
        assertThat(m.systemName).isEqualTo("x");
    }

    @Test
    void tooManyTlvs() {
        LldpDecoder small = new LldpDecoder(new LldpConfig(4, 8, 16, 8));
        LldpMessage m = small.decode(concat(mandatory(), systemName("kept"), tlv(4, ascii("dropped")), end()), false);
        assertThat(m.events).containsExactly(LldpDecoder.TOO_MANY_TLVS);
        assertThat(m.tlvs).isEqualTo(4);
        assertThat(m.systemName).isEqualTo("kept");
        assertThat(m.portDescription).isNull();
    }

    @Test
    void tooManyManagementAddresses() {
        LldpDecoder small = new LldpDecoder(new LldpConfig(128, 1, 16, 8));
        LldpMessage m = small.decode(concat(mandatory(), managementIpv4(), managementIpv4(), end()), false);
        assertThat(m.events).containsExactly(LldpDecoder.TOO_MANY_MANAGEMENT_ADDRESSES);
        assertThat(m.managementAddresses).hasSize(1);
        assertThat(m.status).isEqualTo(LldpMessage.STATUS_OK);
    }

    @Test
    void tooManyVlanNames() {
        LldpDecoder small = new LldpDecoder(new LldpConfig(128, 8, 1, 8));
        LldpMessage m = small.decode(concat(mandatory(), vlanName(10, "voice"), vlanName(20, "data"), end()), false);
        assertThat(m.events).containsExactly(LldpDecoder.TOO_MANY_VLAN_NAMES);
        assertThat(m.vlanNames).containsExactly(new LldpMessage.VlanName(10, "voice"));
    }

    @Test
    void tooManyNetworkPolicies() {
        LldpDecoder small = new LldpDecoder(new LldpConfig(128, 8, 16, 1));
        LldpMessage m = small.decode(concat(mandatory(), voicePolicy(), voicePolicy(), end()), false);
        assertThat(m.events).containsExactly(LldpDecoder.TOO_MANY_NETWORK_POLICIES);
        assertThat(m.networkPolicies).hasSize(1);
    }

    @Test
    void heapAndDirectBuffersAtAnyOffsetDecodeAlike() {
        byte[] pdu = concat(mandatory(), systemName("x"), managementIpv4(), end());
        LldpMessage fromArray = decoder.decode(pdu, false);
        for (boolean direct : List.of(false, true)) {
            ByteBuffer bb = direct ? ByteBuffer.allocateDirect(pdu.length + 40) : ByteBuffer.allocate(pdu.length + 40);
            UnsafeBuffer buffer = new UnsafeBuffer(bb);
            buffer.setMemory(0, buffer.capacity(), (byte) 0x5A); // stale bytes around the PDU
            buffer.putBytes(17, pdu);
            LldpMessage m = decoder.decode(buffer, 17, pdu.length, false);
            assertThat(m.events).isEmpty();
            assertThat(m.chassisId).isEqualTo(fromArray.chassisId);
            assertThat(m.systemName).isEqualTo("x");
            assertThat(m.managementAddresses).isEqualTo(fromArray.managementAddresses);
        }
    }
}
