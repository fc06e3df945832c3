package dev.vigil.protocol.snmp;

import static dev.vigil.protocol.snmp.Ber.integer;
import static dev.vigil.protocol.snmp.Ber.message;
import static dev.vigil.protocol.snmp.Ber.nul;
import static dev.vigil.protocol.snmp.Ber.octets;
import static dev.vigil.protocol.snmp.Ber.oid;
import static dev.vigil.protocol.snmp.Ber.pdu;
import static dev.vigil.protocol.snmp.Ber.scoped;
import static dev.vigil.protocol.snmp.Ber.seq;
import static dev.vigil.protocol.snmp.Ber.tlv;
import static dev.vigil.protocol.snmp.Ber.usm;
import static dev.vigil.protocol.snmp.Ber.v3;
import static dev.vigil.protocol.snmp.Ber.varbind;
import static dev.vigil.protocol.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.protocol.DecodeEventType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Commented byte arrays: well-formed messages of each version and PDU kind, and one test per
 * decode event key of {@link SnmpDecoder}. Expected values are read off the bytes (and, for the
 * real payloads, off tshark's dissection of the corpus capture they come from).
 */
class SnmpDecoderTest {
    static final byte[] SALT = "vigil-test-salt-0123456789".getBytes(StandardCharsets.US_ASCII);

    /**
     * v2c GetRequest for sysDescr.0, community "public".
     */
    static final byte[] GET_SYSDESCR = hex(
            "30 29",                            // Message SEQUENCE, 41 bytes
            "   02 01 01",                      //   version 1 = v2c
            "   04 06 70 75 62 6c 69 63",       //   community "public"
            "   a0 1c",                         //   [0] GetRequest-PDU, 28 bytes
            "      02 04 12 34 56 78",          //     request-id 0x12345678 = 305419896
            "      02 01 00",                   //     error-status noError
            "      02 01 00",                   //     error-index 0
            "      30 0e",                      //     VarBindList, 14 bytes
            "         30 0c",                   //       VarBind, 12 bytes
            "            06 08 2b 06 01 02 01 01 01 00", // name 1.3.6.1.2.1.1.1.0 (sysDescr.0)
            "            05 00");               //         value NULL

    private final SnmpDecoder decoder = new SnmpDecoder(SALT);

    private SnmpView decode(byte[] b) {
        return decoder.decode(b, false);
    }

    private static void assertOnly(SnmpView m, DecodeEventType... types) {
        DecodeEventType[] got = new DecodeEventType[m.eventCount()];
        for (int i = 0; i < got.length; i++) {
            got[i] = m.event(i);
        }
        assertThat(got).as("decode events").containsExactlyInAnyOrder(types);
    }

    // ------------------------------------------------------------------ well-formed messages

    @Test
    void theBuilderWritesTheCommentedBytes() {
        assertThat(message(1, "public", pdu(0, 0x12345678, 0, 0, varbind("1.3.6.1.2.1.1.1.0", nul()))))
                .isEqualTo(GET_SYSDESCR);
    }

    @Test
    void v2cGetRequest() {
        SnmpView m = decode(GET_SYSDESCR);
        assertOnly(m);
        assertThat(m.status()).isEqualTo(SnmpView.STATUS_OK);
        assertThat(m.error()).isNull();
        assertThat(m.version()).isEqualTo("2c");
        assertThat(m.versionNumber()).isEqualTo(1);
        assertThat(m.pduType()).isEqualTo("get-request");
        assertThat(m.requestId()).isEqualTo(0x12345678L);
        assertThat(m.errorStatusName()).isEqualTo("noError");
        assertThat(m.errorIndex()).isZero();
        assertThat(m.varbindCount()).isEqualTo(1);
        assertThat(m.oidCount()).isEqualTo(1);
        assertThat(m.oid(0)).isEqualTo("1.3.6.1.2.1.1.1.0");
        assertThat(m.communityPresent()).isTrue();
        assertThat(m.communityDefault()).isTrue();
        // python3: hmac.new(SALT, b"public", hashlib.sha256).hexdigest()[:32]
        assertThat(m.communityHash()).isEqualTo("60f7ff99711b9f36e1859a8fd0086698");
        assertThat(m.sysDescr()).as("a request carries NULL, not the value").isNull();
        assertThat(m.msgId()).isEqualTo(SnmpView.NONE);
        assertThat(m.securityLevel()).isNull();
    }

    @Test
    void v2cResponseWithTheSystemGroupOfAZenitelStation() {
        byte[] b = message(1, "Private", pdu(2, -5, 0, 0,
                varbind("1.3.6.1.2.1.1.1.0", octets("Zenitel TCIV-3+ 7.5.3.2\0")),   // sysDescr.0, NUL-terminated
                varbind("1.3.6.1.2.1.1.2.0", oid("1.3.6.1.4.1.26122.1.3")),          // sysObjectID.0
                varbind("1.3.6.1.2.1.1.3.0", tlv(0x43, hex("01 02 03"))),            // sysUpTime.0 TimeTicks
                varbind("1.3.6.1.2.1.1.4.0", octets("ops@example.org")),             // sysContact.0
                varbind("1.3.6.1.2.1.1.5.0", octets("gate-3")),                      // sysName.0
                varbind("1.3.6.1.2.1.1.6.0", octets("Building A"))));                // sysLocation.0
        SnmpView m = decode(b);
        assertOnly(m);
        assertThat(m.pduType()).isEqualTo("get-response");
        assertThat(m.requestId()).as("request-id is a signed Integer32").isEqualTo(-5);
        assertThat(m.varbindCount()).isEqualTo(6);
        assertThat(m.sysDescr()).isEqualTo("Zenitel TCIV-3+ 7.5.3.2");
        assertThat(m.sysObjectId()).isEqualTo("1.3.6.1.4.1.26122.1.3");
        assertThat(m.sysContact()).isEqualTo("ops@example.org");
        assertThat(m.sysName()).isEqualTo("gate-3");
        assertThat(m.sysLocation()).isEqualTo("Building A");
        assertThat(m.vendor()).isEqualTo("zenitel");
        assertThat(m.communityDefault()).as("a case variant of a default is a default").isTrue();
    }

    @Test
    void vendorOnlyUnderTheZenitelSubtree() {
        SnmpView m = decode(message(1, "x", pdu(2, 1, 0, 0,
                varbind("1.3.6.1.2.1.1.2.0", oid("1.3.6.1.4.1.261220.1")))));
        assertThat(m.sysObjectId()).isEqualTo("1.3.6.1.4.1.261220.1");
        assertThat(m.vendor()).isNull();
        assertThat(SnmpDecoder.isZenitel("1.3.6.1.4.1.26122")).isTrue();
        assertThat(SnmpDecoder.isZenitel("1.3.6.1.4.1.2612")).isFalse();
    }

    @Test
    void errorStatusByNameOrNumber() {
        assertThat(decode(message(0, "public", pdu(2, 7, 2, 1, varbind("1.3.6.1.2.1.1.5.0", nul()))))
                .errorStatusName()).isEqualTo("noSuchName");
        // ndpi__snmp.pcap frame 63: tshark "error-status: Unknown (19)"
        SnmpView m = decode(message(1, "adsl", pdu(2, 25646, 19, 1)));
        assertThat(m.errorStatusName()).isEqualTo("19");
        assertThat(m.errorIndex()).isEqualTo(1);
        assertThat(m.varbindCount()).isZero();
    }

    @Test
    void v1TrapFromTheZeekCorpus() {
        // zeek__snmpv1_trap.pcap frame 1, UDP payload
        byte[] b = hex(
                "30 3b",                                  // Message, 59 bytes
                "   02 01 00",                            //   version 0 = v1
                "   04 06 70 75 62 6c 69 63",             //   community "public"
                "   a4 2e",                               //   [4] Trap-PDU, 46 bytes
                "      06 09 2b 06 01 04 01 81 f4 69 00", //     enterprise 1.3.6.1.4.1.31337.0
                "      40 04 7f 00 00 01",                //     agent-addr IpAddress 127.0.0.1
                "      02 01 00",                         //     generic-trap coldStart (0)
                "      02 01 00",                         //     specific-trap 0
                "      43 04 00 00 00 00",                //     time-stamp TimeTicks 0
                "      30 0f",                            //     VarBindList
                "         30 0d 06 08 2b 06 01 02 01 02 01 00", // 1.3.6.1.2.1.2.1.0 (ifNumber.0)
                "               02 01 21");               //         INTEGER 33
        SnmpView m = decode(b);
        assertOnly(m);
        assertThat(m.version()).isEqualTo("1");
        assertThat(m.pduType()).isEqualTo("trap");
        assertThat(m.requestId()).as("a v1 trap has no request-id").isEqualTo(SnmpView.NONE);
        assertThat(m.errorStatusName()).isNull();
        assertThat(m.trapEnterprise()).isEqualTo("1.3.6.1.4.1.31337.0");
        assertThat(m.hasAgentAddress()).isTrue();
        assertThat(m.agentAddress()).isEqualTo(0x7F000001);
        assertThat(m.trapGenericName()).isEqualTo("coldStart");
        assertThat(m.trapSpecific()).isZero();
        assertThat(m.trapTimeTicks()).isZero();
        assertThat(m.oid(0)).isEqualTo("1.3.6.1.2.1.2.1.0");
    }

    @Test
    void v1TrapTimeTicksAreUnsignedAndTheEnterpriseNamesTheVendor() {
        byte[] b = message(0, "public", tlv(0xA4, oid("1.3.6.1.4.1.26122.2"), tlv(0x40, hex("0a 00 00 07")),
                integer(6), integer(12), tlv(0x43, hex("ff ff ff fe")), seq()));
        SnmpView m = decode(b);
        assertOnly(m);
        assertThat(m.trapGenericName()).isEqualTo("enterpriseSpecific");
        assertThat(m.trapSpecific()).isEqualTo(12);
        assertThat(m.trapTimeTicks()).isEqualTo(0xFFFF_FFFEL);
        assertThat(m.vendor()).as("RFC 1157: enterprise is the sender's sysObjectID").isEqualTo("zenitel");
    }

    @Test
    void v3DiscoveryRequestFromTheSuricataCorpus() {
        // sv__snmp-v3-encrypted.pcap frame 1, UDP payload
        byte[] b = hex(
                "30 40",                                  // SNMPv3Message, 64 bytes
                "   02 01 03",                            //   msgVersion 3
                "   30 0f",                               //   msgGlobalData
                "      02 03 00 91 c8",                   //     msgID 37320
                "      02 02 05 dc",                      //     msgMaxSize 1500
                "      04 01 04",                         //     msgFlags 04: reportable, noAuthNoPriv
                "      02 01 03",                         //     msgSecurityModel 3 (USM)
                "   04 15",                               //   msgSecurityParameters OCTET STRING, 21 bytes
                "      30 13",                            //     UsmSecurityParameters
                "         04 00",                         //       msgAuthoritativeEngineID (empty: discovery)
                "         02 01 00",                      //       msgAuthoritativeEngineBoots 0
                "         02 01 00",                      //       msgAuthoritativeEngineTime 0
                "         04 05 61 64 6d 69 6e",          //       msgUserName "admin"
                "         04 00",                         //       msgAuthenticationParameters
                "         04 00",                         //       msgPrivacyParameters
                "   30 13",                               //   msgData: plaintext ScopedPDU
                "      04 00",                            //     contextEngineID
                "      04 00",                            //     contextName ""
                "      a0 0d",                            //     [0] GetRequest-PDU
                "         02 03 00 91 c8",                //       request-id 37320
                "         02 01 00 02 01 00",             //       error-status, error-index
                "         30 00");                        //       no varbinds
        SnmpView m = decode(b);
        assertOnly(m);
        assertThat(m.version()).isEqualTo("3");
        assertThat(m.communityPresent()).isFalse();
        assertThat(m.communityHash()).isNull();
        assertThat(m.msgId()).isEqualTo(37320);
        assertThat(m.msgMaxSize()).isEqualTo(1500);
        assertThat(m.msgFlags()).isEqualTo(4);
        assertThat(m.securityLevel()).isEqualTo("noAuthNoPriv");
        assertThat(m.securityModel()).isEqualTo(3);
        assertThat(m.engineId()).isEmpty();
        assertThat(m.user()).isEqualTo("admin");
        assertThat(m.contextName()).isEmpty();
        assertThat(m.pduType()).isEqualTo("get-request");
        assertThat(m.requestId()).isEqualTo(37320);
        assertThat(m.varbindCount()).isZero();
    }

    @Test
    void v3EncryptedFromTheSuricataCorpus() {
        // sv__snmp-v3-encrypted.pcap frame 3, UDP payload (the encrypted PDU shortened to 8 bytes, lengths adjusted)
        byte[] b = hex(
                "30 58",                                  // SNMPv3Message, 88 bytes
                "   02 01 03",                            //   msgVersion 3
                "   30 0f",                               //   msgGlobalData
                "      02 03 00 91 c9",                   //     msgID 37321
                "      02 02 08 00",                      //     msgMaxSize 2048
                "      04 01 07",                         //     msgFlags 07: reportable, auth, priv
                "      02 01 03",                         //     msgSecurityModel USM
                "   04 38 30 36",                         //   msgSecurityParameters, UsmSecurityParameters
                "      04 0c 00 00 39 e7 00 00 00 a1 c0 a8 1d a0", // engine id
                "      02 02 02 f0",                      //     boots 752
                "      02 03 02 fd e7",                   //     time 196071
                "      04 05 61 64 6d 69 6e",             //     user "admin"
                "      04 0c ac 16 63 90 36 25 be de e6 f3 24 66", // HMAC-SHA-96 digest
                "      04 08 cb 26 d9 00 73 ef c3 52",    //     privacy parameters (salt)
                "   04 08 14 09 4a 43 80 4d 88 fc");      //   msgData: encryptedPDU
        SnmpView m = decode(b);
        assertOnly(m);
        assertThat(m.pduType()).isEqualTo("encrypted");
        assertThat(m.encrypted()).isTrue();
        assertThat(m.requestId()).isEqualTo(SnmpView.NONE);
        assertThat(m.varbindCount()).isZero();
        assertThat(m.msgId()).isEqualTo(37321);
        assertThat(m.securityLevel()).isEqualTo("authPriv");
        assertThat(m.engineId()).isEqualTo("000039e7000000a1c0a81da0");
        assertThat(m.engineBoots()).isEqualTo(752);
        assertThat(m.engineTime()).isEqualTo(196071);
        assertThat(m.user()).isEqualTo("admin");
    }

    @Test
    void v3ReportAuthNoPriv() {
        byte[] engine = hex("80 00 00 09 03 00 aa bb cc 00 01 00");
        byte[] b = v3(41, 0x01, usm(engine, 12, 717, "SHA1NOPRIV"),
                scoped(engine, pdu(8, 1963284615, 0, 0, varbind("1.3.6.1.6.3.15.1.1.4.0", tlv(0x41, hex("05"))))));
        SnmpView m = decode(b);
        assertOnly(m);
        assertThat(m.pduType()).isEqualTo("report");
        assertThat(m.securityLevel()).isEqualTo("authNoPriv");
        assertThat(m.engineId()).isEqualTo("800000090300aabbcc000100");
        assertThat(m.oid(0)).isEqualTo("1.3.6.1.6.3.15.1.1.4.0");
    }

    @Test
    void getBulkCarriesRepetitionsInsteadOfErrors() {
        SnmpView m = decode(message(1, "public", pdu(5, 1817072941, 0, 10, varbind("1.3.6.1.2.1.1.5.0", nul()))));
        assertOnly(m);
        assertThat(m.pduType()).isEqualTo("getbulk-request");
        assertThat(m.nonRepeaters()).isZero();
        assertThat(m.maxRepetitions()).isEqualTo(10);
        assertThat(m.errorStatus()).isEqualTo(SnmpView.NONE);
        assertThat(m.errorStatusName()).isNull();
        assertThat(m.errorIndex()).isEqualTo(SnmpView.NONE);
    }

    @Test
    void everyPduTypeHasItsName() {
        String[] names = {"get-request", "get-next-request", "get-response", "set-request", null, "getbulk-request",
            "inform-request", "snmpv2-trap", "report"};
        for (int tag = 0; tag < names.length; tag++) {
            if (names[tag] != null) {
                assertThat(decode(message(1, "c", pdu(tag, tag, 0, 0))).pduType()).isEqualTo(names[tag]);
            }
        }
    }

    @Test
    void longFormLengthsDecodeLikeShortOnes() {
        // the GetRequest above with every length in long form: 81 xx and 82 00 xx, 84 00 00 00 xx
        byte[] b = hex(
                "30 82 00 2f",
                "   02 81 01 01",
                "   04 06 70 75 62 6c 69 63",
                "   a0 84 00 00 00 1d",
                "      02 04 12 34 56 78",
                "      02 01 00",
                "      02 01 00",
                "      30 81 0e",
                "         30 0c",
                "            06 08 2b 06 01 02 01 01 01 00",
                "            05 00");
        SnmpView m = decode(b);
        assertOnly(m);
        assertThat(m.pduType()).isEqualTo("get-request");
        assertThat(m.requestId()).isEqualTo(0x12345678L);
        assertThat(m.oid(0)).isEqualTo("1.3.6.1.2.1.1.1.0");
    }

    @Test
    void manyVarbindsUseLongLengthsToo() {
        byte[][] vbs = new byte[40][];
        for (int i = 0; i < vbs.length; i++) {
            vbs[i] = varbind("1.3.6.1.2.1.31.1.1.1.6." + (i + 1), nul());
        }
        SnmpView m = decode(message(1, "public", pdu(0, 638746047, 0, 0, vbs)));
        assertOnly(m);
        assertThat(m.varbindCount()).isEqualTo(40);
        assertThat(m.oidCount()).isEqualTo(40);
        assertThat(m.oid(39)).isEqualTo("1.3.6.1.2.1.31.1.1.1.6.40");
    }

    @Test
    void oidsInDottedForm() {
        assertThat(SnmpKaitaiAdapter.dottedOid(hex("2b 06 01 04 01 81 cc 0a"))).isEqualTo("1.3.6.1.4.1.26122");
        assertThat(SnmpKaitaiAdapter.dottedOid(hex("00"))).isEqualTo("0.0");
        assertThat(SnmpKaitaiAdapter.dottedOid(hex("88 37 01"))).as("first arc 2: 1079 = 2*40 + 999")
                .isEqualTo("2.999.1");
        assertThat(SnmpKaitaiAdapter.dottedOid(hex("2b 8f ff ff ff 7f"))).isEqualTo("1.3.4294967295");
        assertThat(SnmpKaitaiAdapter.dottedOid(hex(""))).as("empty").isNull();
        assertThat(SnmpKaitaiAdapter.dottedOid(hex("2b 86"))).as("cut inside a sub-identifier").isNull();
        assertThat(SnmpKaitaiAdapter.dottedOid(hex("2b ff ff ff ff ff ff ff ff ff 7f"))).as("over 63 bits").isNull();
        byte[] long129 = new byte[128];
        Arrays.fill(long129, (byte) 1);
        assertThat(SnmpKaitaiAdapter.dottedOid(long129)).as("129 sub-identifiers").isNull();
        assertThat(SnmpKaitaiAdapter.dottedOid(Arrays.copyOf(long129, 127))).as("128 sub-identifiers").isNotNull();
    }

    @Test
    void aCommunityIsNeverKeptOnlyHashed() {
        SnmpDecoder other = new SnmpDecoder("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        SnmpView m = other.decode(message(1, "secret-community", pdu(0, 1, 0, 0)), false);
        // python3: hmac.new(b"0123456789abcdef", b"secret-community", hashlib.sha256).hexdigest()[:32]
        assertThat(m.communityHash()).isEqualTo("0649f253d8b6c6bce64303a19f46ad8c");
        assertThat(m.communityDefault()).isFalse();
        assertThat(decode(message(1, "secret-community", pdu(0, 1, 0, 0))).communityHash())
                .as("another salt, another hash").isNotEqualTo("0649f253d8b6c6bce64303a19f46ad8c");
        for (String d : SnmpCommunity.DEFAULTS) {
            assertThat(decode(message(0, d.toUpperCase(), pdu(0, 1, 0, 0))).communityDefault()).as(d).isTrue();
        }
        assertThat(decode(message(0, "public2c", pdu(0, 1, 0, 0))).communityDefault()).isFalse();
        assertThat(decode(message(0, "", pdu(0, 1, 0, 0))).communityPresent()).isTrue();
    }

    @Test
    void theSaltMustBeLongEnough() {
        assertThatThrownBy(() -> new SnmpDecoder(new byte[15])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SnmpDecoder(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SnmpDecoder(SALT, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void heapAndDirectBuffersAtAnyOffsetDecodeAlike() {
        ByteBuffer direct = ByteBuffer.allocateDirect(GET_SYSDESCR.length + 20);
        direct.position(7);
        direct.put(GET_SYSDESCR);
        SnmpView m = decoder.decode(new UnsafeBuffer(direct), 7, GET_SYSDESCR.length, false);
        assertThat(m.requestId()).isEqualTo(0x12345678L);
        assertThat(m.oid(0)).isEqualTo("1.3.6.1.2.1.1.1.0");
        byte[] heap = new byte[GET_SYSDESCR.length + 20];
        System.arraycopy(GET_SYSDESCR, 0, heap, 13, GET_SYSDESCR.length);
        m = decoder.decode(new UnsafeBuffer(heap), 13, GET_SYSDESCR.length, false);
        assertOnly(m);
        assertThat(m.requestId()).isEqualTo(0x12345678L);
        m = decoder.decode(new UnsafeBuffer(heap), 13, 50, false);
        assertThat(m.error()).as("bytes past the given length are not the message's")
                .isEqualTo(SnmpDecoder.TRAILING_BYTES);
        m = decoder.decode(new UnsafeBuffer(heap), 60, 10, false);
        assertThat(m.error()).as("a range outside the buffer").isEqualTo(SnmpDecoder.MALFORMED);
    }

    // ------------------------------------------------------------------ one test per decode event

    @Test
    void truncated() {
        // GET_SYSDESCR cut by the capture after 30 bytes: inside the VarBindList header
        //   30 29 | 02 01 01 | 04 06 "public" | a0 1c | 02 04 12 34 56 78 | 02 01 00 | 02 01 00 | 30 0e 30 ...
        byte[] b = Arrays.copyOf(GET_SYSDESCR, 30);
        SnmpView m = decoder.decode(b, true);
        assertOnly(m, SnmpDecoder.TRUNCATED);
        assertThat(m.status()).isEqualTo(SnmpView.STATUS_TRUNCATED);
        assertThat(m.error()).isEqualTo(SnmpDecoder.TRUNCATED);
        // what was certain before the cut
        assertThat(m.version()).isEqualTo("2c");
        assertThat(m.communityPresent()).isTrue();
        assertThat(m.pduType()).isEqualTo("get-request");
        assertThat(m.requestId()).isEqualTo(0x12345678L);
        assertThat(m.errorStatusName()).isEqualTo("noError");
        assertThat(m.errorIndex()).isZero();
        assertThat(m.varbindCount()).as("a varbind was begun").isEqualTo(1);
        assertThat(m.oidCount()).isZero();
        // every cut position is truncated, never malformed
        for (int n = 1; n < GET_SYSDESCR.length; n++) {
            SnmpView c = decoder.decode(Arrays.copyOf(GET_SYSDESCR, n), true);
            assertThat(c.error()).as("cut at " + n).isEqualTo(SnmpDecoder.TRUNCATED);
            assertThat(c.eventCount()).as("cut at " + n).isEqualTo(1);
        }
    }

    @Test
    void malformed() {
        // the same 30 bytes in a datagram the capture did not cut: the message claims more than the datagram holds
        SnmpView m = decoder.decode(Arrays.copyOf(GET_SYSDESCR, 30), false);
        assertOnly(m, SnmpDecoder.MALFORMED);
        assertThat(m.status()).isEqualTo(SnmpView.STATUS_MALFORMED);
        assertThat(m.requestId()).isEqualTo(0x12345678L);

        // a value longer than its container: the OID of the varbind claims 11 bytes, the varbind has 10 left
        byte[] b = GET_SYSDESCR.clone();
        b[32] = 0x0b; //                06 0b 2b 06 01 02 01 01 01 00 05 00 |
        m = decode(b);
        assertOnly(m, SnmpDecoder.MALFORMED);
        assertThat(m.pduType()).isEqualTo("get-request");
        assertThat(m.requestId()).isEqualTo(0x12345678L);
        assertThat(m.varbindCount()).isEqualTo(1);
        assertThat(m.oidCount()).isZero();

        // not SNMP at all, an empty datagram, a wrong field type, a missing field
        assertOnly(decode("GET / HTTP/1.0\r\n".getBytes(StandardCharsets.US_ASCII)), SnmpDecoder.MALFORMED);
        assertOnly(decode(new byte[0]), SnmpDecoder.MALFORMED);
        m = decode(seq(octets("1"), octets("public")));
        assertOnly(m, SnmpDecoder.MALFORMED);
        assertThat(m.version()).isNull();
        m = decode(seq(integer(1), octets("public")));
        assertOnly(m, SnmpDecoder.MALFORMED);
        assertThat(m.communityPresent()).isTrue();
        assertThat(m.pduType()).isNull();
        // more than four length octets
        assertOnly(decode(hex("30 85 00 00 00 00 03 02 01 01")), SnmpDecoder.MALFORMED);
        // a request-id of 9 octets
        m = decode(message(1, "public", tlv(0xA0, hex("02 09 01 02 03 04 05 06 07 08 09"), integer(0), integer(0),
                seq())));
        assertOnly(m, SnmpDecoder.MALFORMED);
        assertThat(m.requestId()).isEqualTo(SnmpView.NONE);
        assertThat(m.pduType()).isEqualTo("get-request");
        // an invalid OID (cut inside a sub-identifier)
        m = decode(message(1, "public", pdu(0, 9, 0, 0, seq(tlv(0x06, hex("2b 86")), nul()))));
        assertOnly(m, SnmpDecoder.MALFORMED);
        assertThat(m.varbindCount()).isEqualTo(1);
        assertThat(m.oidCount()).isZero();
    }

    @Test
    void indefiniteLength() {
        byte[] b = hex(
                "30 80",                          // Message, indefinite length (X.690 8.1.3.6): forbidden in SNMP
                "   02 01 01 04 01 61 a0 00",
                "00 00");                         // end-of-contents
        SnmpView m = decode(b);
        assertOnly(m, SnmpDecoder.INDEFINITE_LENGTH);
        assertThat(m.status()).isEqualTo(SnmpView.STATUS_MALFORMED);
        assertThat(m.version()).isNull();
        // inside the PDU: the header is still certain
        m = decode(hex("30 0d 02 01 01 04 01 61 a2 80 02 01 05 00 00"));
        assertOnly(m, SnmpDecoder.INDEFINITE_LENGTH);
        assertThat(m.version()).isEqualTo("2c");
        assertThat(m.pduType()).isEqualTo("get-response");
        assertThat(m.requestId()).isEqualTo(SnmpView.NONE);
    }

    @Test
    void trailingBytes() {
        SnmpView m = decode(Ber.cat(GET_SYSDESCR, hex("00 00")));
        assertOnly(m, SnmpDecoder.TRAILING_BYTES);
        assertThat(m.status()).isEqualTo(SnmpView.STATUS_MALFORMED);
        assertThat(m.requestId()).as("the message itself is whole").isEqualTo(0x12345678L);
    }

    @Test
    void v3BadFlags() {
        // msgFlags 02: privacy without authentication (RFC 3412 section 7.2 step 5 drops it)
        byte[] b = v3(7, 0x02, usm(hex("80 00 00 09 03"), 1, 2, "u"), tlv(0x04, hex("01 02 03 04")));
        SnmpView m = decode(b);
        assertOnly(m, SnmpDecoder.V3_BAD_FLAGS);
        assertThat(m.securityLevel()).isEqualTo("invalid");
        assertThat(m.msgId()).isEqualTo(7);
        assertThat(m.pduType()).isEqualTo("encrypted");
    }

    @Test
    void badVersion() {
        // version 2 was SNMPv2u / v2* (historic)
        SnmpView m = decode(message(2, "public", pdu(0, 1, 0, 0)));
        assertOnly(m, SnmpDecoder.BAD_VERSION);
        assertThat(m.status()).isEqualTo(SnmpView.STATUS_UNSUPPORTED);
        assertThat(m.versionNumber()).isEqualTo(2);
        assertThat(m.version()).isEqualTo("unknown");
        assertThat(m.communityPresent()).isFalse();
        assertThat(m.pduType()).isNull();
    }

    @Test
    void unknownPdu() {
        // [9] is not an RFC 3416 PDU; the high-tag-number form [31] (bf 1f) is not either
        SnmpView m = decode(message(1, "public", pdu(9, 1, 0, 0)));
        assertOnly(m, SnmpDecoder.UNKNOWN_PDU);
        assertThat(m.status()).isEqualTo(SnmpView.STATUS_UNSUPPORTED);
        assertThat(m.pduType()).isEqualTo("unknown");
        assertThat(m.pduTag()).isEqualTo(9);
        assertThat(m.requestId()).isEqualTo(SnmpView.NONE);
        m = decode(message(1, "public", hex("bf 1f 03 02 01 01")));
        assertOnly(m, SnmpDecoder.UNKNOWN_PDU);
        assertThat(m.pduTag()).isEqualTo(31);
    }

    @Test
    void tooManyVarbinds() {
        SnmpDecoder capped = new SnmpDecoder(SALT, 2);
        SnmpView m = capped.decode(message(1, "public", pdu(2, 3, 0, 0,
                varbind("1.3.6.1.2.1.1.3.0", tlv(0x43, hex("01"))),
                varbind("1.3.6.1.2.1.1.4.0", octets("a")),
                varbind("1.3.6.1.2.1.1.5.0", octets("past-the-cap")))), false);
        assertOnly(m, SnmpDecoder.TOO_MANY_VARBINDS);
        assertThat(m.status()).as("a cap is not a failure").isEqualTo(SnmpView.STATUS_OK);
        assertThat(m.error()).as("but the partial output carries it").isEqualTo(SnmpDecoder.TOO_MANY_VARBINDS);
        assertThat(m.varbindCount()).isEqualTo(3);
        assertThat(m.oidCount()).isEqualTo(2);
        assertThat(m.sysName()).as("system values past the cap are still kept").isEqualTo("past-the-cap");
        assertThat(SnmpDecoder.DEFAULT_MAX_VARBINDS).isEqualTo(64);
        assertThat(decoder.maxVarbinds()).isEqualTo(64);
    }

    @Test
    void tooDeep() {
        // a varbind value (level 5) that is 14 nested SEQUENCEs around an INTEGER: level 19 > MAX_DEPTH 16.
        // A constructed value is malformed in itself (RFC 3417 section 8: simple types are primitive).
        byte[] value = integer(1);
        for (int i = 0; i < 14; i++) {
            value = seq(value);
        }
        SnmpView m = decode(message(1, "public", pdu(2, 4, 0, 0, varbind("1.3.6.1.2.1.1.5.0", value))));
        assertOnly(m, SnmpDecoder.MALFORMED, SnmpDecoder.TOO_DEEP);
        assertThat(m.error()).isEqualTo(SnmpDecoder.MALFORMED);
        assertThat(m.requestId()).isEqualTo(4);
        assertThat(m.oid(0)).isEqualTo("1.3.6.1.2.1.1.5.0");
        assertThat(m.sysName()).isNull();
        // 10 SEQUENCEs: deep but within the bound, malformed only
        value = integer(1);
        for (int i = 0; i < 10; i++) {
            value = seq(value);
        }
        assertOnly(decode(message(1, "public", pdu(2, 4, 0, 0, varbind("1.3.6.1.2.1.1.5.0", value)))),
                SnmpDecoder.MALFORMED);
    }

    @Test
    void textTooLong() {
        String descr = "x".repeat(300);
        SnmpView m = decode(message(1, "public", pdu(2, 5, 0, 0, varbind("1.3.6.1.2.1.1.1.0", octets(descr)))));
        assertOnly(m, SnmpDecoder.TEXT_TOO_LONG);
        assertThat(m.sysDescr()).hasSize(SnmpDecoder.MAX_TEXT);
        assertThat(m.status()).isEqualTo(SnmpView.STATUS_OK);
    }

    @Test
    void everyDecodeEventKeyIsTested() {
        assertThat(DecodeEventType.all().stream().filter(t -> t.protocol().equals("snmp")).map(DecodeEventType::key))
                .containsExactlyInAnyOrder("snmp.truncated", "snmp.malformed", "snmp.indefinite_length",
                        "snmp.trailing_bytes", "snmp.v3_bad_flags", "snmp.bad_version", "snmp.unknown_pdu",
                        "snmp.too_many_varbinds", "snmp.too_deep", "snmp.text_too_long");
    }
}
