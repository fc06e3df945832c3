package dev.vigil.protocol.dhcp;

import static dev.vigil.protocol.dhcp.DhcpBytes.COOKIE;
import static dev.vigil.protocol.dhcp.DhcpBytes.CLIENT_MAC;
import static dev.vigil.protocol.dhcp.DhcpBytes.ack;
import static dev.vigil.protocol.dhcp.DhcpBytes.area;
import static dev.vigil.protocol.dhcp.DhcpBytes.discover;
import static dev.vigil.protocol.dhcp.DhcpBytes.header;
import static dev.vigil.protocol.dhcp.DhcpBytes.reply;
import static dev.vigil.protocol.dhcp.DhcpBytes.request;
import static dev.vigil.protocol.dhcp.DhcpBytes.text;
import static dev.vigil.protocol.testing.Hex.concat;
import static dev.vigil.protocol.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.DecodeEventType;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Commented byte arrays: well-formed messages decode to the expected fields, and each decode
 * event key has one message that raises it ({@link #everyEventKeyHasACase} keeps the table
 * complete).
 */
class DhcpDecoderTest {
    private final DhcpDecoder decoder = new DhcpDecoder();

    private DhcpMessage decode(byte[] b) {
        return decoder.decode(b, 0, b.length, false);
    }

    @Test
    void discoverFromAnEmbeddedClient() {
        DhcpMessage m = decode(discover());
        assertThat(m.status).isEqualTo(DhcpMessage.STATUS_OK);
        assertThat(m.eventCount).isZero();
        assertThat(m.header).isTrue();
        assertThat(m.cookie).isTrue();
        assertThat(m.op).isEqualTo(1);
        assertThat(m.messageType).isEqualTo(1);
        assertThat(DhcpMessage.messageTypeName(m.messageType)).isEqualTo("DISCOVER");
        assertThat(m.xid).isEqualTo(0x24593b3eL);
        assertThat(m.flags).isEqualTo(0x8000);
        assertThat(m.clientMac).isEqualTo(CLIENT_MAC);
        assertThat(m.ciaddr).isZero();
        assertThat(m.requestedIp).isEqualTo(0xC0000232L);
        assertThat(m.hostname).isEqualTo("intercom-01");
        assertThat(m.vendorClass).isEqualTo("udhcp 1.36.1");
        assertThat(m.parameterList).containsExactly(1, 3, 6, 12, 42);
        assertThat(m.optionCount).isEqualTo(6);
        assertThat(m.serverId).isEqualTo(DhcpMessage.ABSENT);
        assertThat(m.routers).isNull();
        assertThat(m.serverName).isNull();
        assertThat(m.bootFile).isNull();
    }

    @Test
    void ackWithServerOptions() {
        DhcpMessage m = decode(ack());
        assertThat(m.eventCount).isZero();
        assertThat(m.op).isEqualTo(2);
        assertThat(DhcpMessage.messageTypeName(m.messageType)).isEqualTo("ACK");
        assertThat(m.yiaddr).isEqualTo(0xC0000232L);
        assertThat(m.siaddr).isEqualTo(0xC0000201L);
        assertThat(m.serverId).isEqualTo(0xC0000201L);
        assertThat(m.leaseTime).isEqualTo(3600);
        assertThat(m.subnetMask).isEqualTo(0xFFFFFF00L);
        assertThat(m.routers).containsExactly(0xC0000201L);
        assertThat(m.dnsServers).containsExactly(0xC0000201L, 0xC0000202L);
        assertThat(m.ntpServers).containsExactly(0xC000027BL);
        assertThat(m.logServers).containsExactly(0xC0000207L);
        assertThat(m.domainName).isEqualTo("example.com");
        assertThat(m.tftpServerName).isEqualTo("192.0.2.9");
        assertThat(m.bootfileName).isEqualTo("stn.conf");
    }

    @Test
    void unknownMessageTypesAndOptionsAreValues() {
        DhcpMessage m = decode(concat(request(), hex(
                COOKIE,
                "35 01 0d",               // 53 message type 13 (LEASEQUERYDONE, RFC 4388): a value
                "fa 03 010203",           // 250, a site-specific option: skipped
                "ff")));
        assertThat(m.eventCount).isZero();
        assertThat(DhcpMessage.messageTypeName(m.messageType)).isEqualTo("13");
        assertThat(m.optionCount).isEqualTo(2);
    }

    @Test
    void serverNameAndBootFileAreTextWhenNotOverloaded() {
        DhcpMessage m = decode(concat(reply(text(64, "pxe.example"), text(128, "boot/pxelinux.0")), hex(
                COOKIE,
                "35 01 02",               // OFFER
                "ff")));
        assertThat(m.eventCount).isZero();
        assertThat(m.serverName).isEqualTo("pxe.example");
        assertThat(m.bootFile).isEqualTo("boot/pxelinux.0");
    }

    /** discovery/sv__dhcp-option-52-overload.pcap frame 4, rebuilt: sname holds the DNS and router options. */
    @Test
    void overloadedServerNameHoldsOptions() {
        byte[] sname = area(64,
                "06 04 0a640002",         // 6 DNS server 10.100.0.2
                "03 04 0a640002",         // 3 router 10.100.0.2
                "0f 09 6576696c2e636f7270", // 15 domain name "evil.corp"
                "ff");                    // End of the sname area
        DhcpMessage m = decode(concat(reply(sname, new byte[128]), hex(
                COOKIE,
                "35 01 02",               // OFFER
                "36 04 0a640002",         // 54 server id 10.100.0.2
                "34 01 02",               // 52 overload: 2 = sname holds options
                "ff")));
        assertThat(m.eventCount).isZero();
        assertThat(m.overload).isEqualTo(2);
        assertThat(m.dnsServers).containsExactly(0x0A640002L);
        assertThat(m.routers).containsExactly(0x0A640002L);
        assertThat(m.domainName).isEqualTo("evil.corp");
        assertThat(m.serverName).as("sname holds options, not a name").isNull();
    }

    /** RFC 3396: a repeated option is one long option, its parts joined in the order options, file, sname. */
    @Test
    void splitOptionsAreConcatenatedAcrossAreas() {
        byte[] file = area(128,
                "0c 05 6c6f626279",       // 12 host name, second part: "lobby"
                "ff");
        byte[] sname = area(64,
                "06 04 c0000202",         // 6 DNS, second part: 192.0.2.2
                "ff");
        DhcpMessage m = decode(concat(reply(sname, file), hex(
                COOKIE,
                "35 01 05",               // ACK
                "34 01 03",               // 52 overload: 3 = file and sname hold options
                "0c 09 696e746572636f6d2d", // 12 host name, first part: "intercom-"
                "06 04 c0000201",         // 6 DNS, first part: 192.0.2.1
                "ff")));
        assertThat(m.eventCount).isZero();
        assertThat(m.hostname).isEqualTo("intercom-lobby");
        assertThat(m.dnsServers).containsExactly(0xC0000201L, 0xC0000202L);
        assertThat(m.serverName).isNull();
        assertThat(m.bootFile).isNull();
    }

    @Test
    void optionsWithoutEndStopAtTheEndOfTheDatagram() {
        DhcpMessage m = decode(concat(request(), hex(
                COOKIE,
                "35 01 03",               // REQUEST, no End option follows
                "00")));                  // one pad byte
        assertThat(m.eventCount).isZero();
        assertThat(m.messageType).isEqualTo(3);
    }

    @Test
    void decodesAlikeFromADirectBufferAtAnOffset() {
        byte[] b = ack();
        ByteBuffer direct = ByteBuffer.allocateDirect(b.length + 40);
        for (int i = 0; i < direct.capacity(); i++) {
            direct.put(i, (byte) 0x5A);
        }
        direct.position(17);
        direct.put(b);
        DhcpMessage m = new DhcpDecoder().decode(new UnsafeBuffer(direct), 17, b.length, false);
        assertThat(m.eventCount).isZero();
        assertThat(m.domainName).isEqualTo("example.com");
        assertThat(m.dnsServers).containsExactly(0xC0000201L, 0xC0000202L);
    }

    // ---------------------------------------------------------------- one case per decode event

    record Case(String name, String key, byte[] bytes, DhcpDecoder.Limits limits, boolean cut,
                Consumer<DhcpMessage> check) {
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        DhcpDecoder.Limits defaults = DhcpDecoder.Limits.DEFAULT;

        c.add(new Case("shorter than the fixed header", "dhcp.truncated",
                Arrays.copyOf(discover(), 200), defaults, false,
                m -> assertThat(m.header).isFalse()));
        c.add(new Case("header without room for the cookie", "dhcp.truncated",
                Arrays.copyOf(discover(), 238), defaults, false, m -> {
                    assertThat(m.header).isTrue();
                    assertThat(m.cookie).isFalse();
                    assertThat(m.clientMac).isEqualTo(CLIENT_MAC);
                }));
        byte[] cutInHostname = Arrays.copyOf(discover(), 240 + 3 + 9 + 6 + 5);
        c.add(new Case("capture cut inside the host name option", "dhcp.truncated",
                cutInHostname, defaults, true, m -> {
                    // options before the cut survive
                    assertThat(m.messageType).isEqualTo(1);
                    assertThat(m.requestedIp).isEqualTo(0xC0000232L);
                    assertThat(m.hostname).isNull();
                }));
        c.add(new Case("no magic cookie", "dhcp.bad_magic", concat(request(), hex(
                "00 00 00 00",            // vend area of a plain BOOTP message: no cookie
                "35 01 01")), defaults, false, m -> {
                    assertThat(m.header).isTrue();
                    assertThat(m.cookie).isFalse();
                    assertThat(m.messageType).isEqualTo(DhcpMessage.TYPE_BOOTP);
                    assertThat(m.optionCount).isZero();
                }));
        c.add(new Case("option length past the end of a complete datagram", "dhcp.bad_option_length",
                concat(request(), hex(
                        COOKIE,
                        "35 01 01",       // DISCOVER
                        "0c 32 6162")),   // 12 host name, len 50, but only 2 bytes follow
                defaults, false, m -> {
                    assertThat(m.messageType).isEqualTo(1);
                    assertThat(m.hostname).isNull();
                }));
        c.add(new Case("option code without a length byte", "dhcp.bad_option_length",
                concat(request(), hex(
                        COOKIE,
                        "35 01 01",       // DISCOVER
                        "0c")),           // 12 host name: the datagram ends before its length
                defaults, false, m -> assertThat(m.messageType).isEqualTo(1)));
        c.add(new Case("option running past the overloaded sname field", "dhcp.bad_option_length",
                concat(reply(area(64,
                        "00".repeat(58),  // 58 pad bytes
                        "0f 10 6576696c"), // 15 domain name, len 16: only 4 bytes left in sname
                        new byte[128]), hex(
                        COOKIE,
                        "35 01 02",       // OFFER
                        "34 01 02",       // 52 overload: sname holds options
                        "ff")),
                defaults, false, m -> assertThat(m.domainName).isNull()));
        c.add(new Case("message type of two bytes", "dhcp.bad_option_value", concat(request(), hex(
                COOKIE,
                "35 02 0101",             // 53 message type, len 2 (must be 1)
                "ff")), defaults, false,
                m -> assertThat(m.messageType).isEqualTo(DhcpMessage.TYPE_BOOTP)));
        c.add(new Case("server id of three bytes", "dhcp.bad_option_value", concat(request(), hex(
                COOKIE,
                "35 01 03",               // REQUEST
                "36 03 c00002",           // 54 server id, len 3 (must be 4)
                "ff")), defaults, false,
                m -> assertThat(m.serverId).isEqualTo(DhcpMessage.ABSENT)));
        c.add(new Case("router list of six bytes", "dhcp.bad_option_value", concat(reply(new byte[64],
                new byte[128]), hex(
                COOKIE,
                "35 01 05",               // ACK
                "03 06 c0000201 c000",    // 3 router, len 6 (a multiple of 4 is required)
                "ff")), defaults, false, m -> assertThat(m.routers).isNull()));
        c.add(new Case("overload value 4", "dhcp.bad_overload", concat(reply(text(64, "srv"),
                new byte[128]), hex(
                COOKIE,
                "35 01 02",               // OFFER
                "34 01 04",               // 52 overload, value 4 (only 1, 2, 3 exist)
                "ff")), defaults, false, m -> {
                    assertThat(m.overload).isZero();
                    assertThat(m.serverName).isEqualTo("srv");
                }));
        c.add(new Case("hardware address length 17", "dhcp.bad_hlen", concat(
                header("01", "11", "00000000", "00000000", new byte[64], new byte[128]), hex(
                COOKIE,
                "35 01 01",               // DISCOVER
                "ff")), defaults, false, m -> {
                    assertThat(m.hlen).isEqualTo(17);
                    assertThat(m.clientMac).isEqualTo(DhcpMessage.ABSENT);
                    assertThat(m.messageType).isEqualTo(1);
                }));
        c.add(new Case("six options, cap three", "dhcp.too_many_options", discover(),
                new DhcpDecoder.Limits(3, 4096), false, m -> {
                    assertThat(m.optionCount).isEqualTo(3);
                    assertThat(m.messageType).isEqualTo(1);
                    assertThat(m.requestedIp).isEqualTo(0xC0000232L);
                    assertThat(m.hostname).isNull();
                }));
        c.add(new Case("options longer than 20 bytes, cap 20", "dhcp.options_too_long", discover(),
                new DhcpDecoder.Limits(128, 20), false, m -> {
                    // 53 (3 bytes), 61 (9) and 50 (6) fit in 20 bytes; 12 is cut by the cap, no error for it
                    assertThat(m.messageType).isEqualTo(1);
                    assertThat(m.requestedIp).isEqualTo(0xC0000232L);
                    assertThat(m.hostname).isNull();
                    assertThat(m.eventCount).isEqualTo(1);
                }));
        return c;
    }

    @TestFactory
    List<DynamicTest> eachCaseRaisesItsEvent() {
        return cases().stream().map(k -> DynamicTest.dynamicTest(k.key() + ": " + k.name(), () -> {
            DhcpMessage m = new DhcpDecoder(k.limits()).decode(k.bytes(), 0, k.bytes().length, k.cut());
            DecodeEventType expected = DecodeEventType.byKey(k.key());
            assertThat(expected).as("registered").isNotNull();
            assertThat(m.has(expected)).as("events %s", Arrays.toString(m.events)).isTrue();
            int status = expected.kind() == DecodeEventType.KIND_TRUNCATED ? DhcpMessage.STATUS_TRUNCATED
                    : expected.kind() == DecodeEventType.KIND_MALFORMED ? DhcpMessage.STATUS_MALFORMED
                    : DhcpMessage.STATUS_OK;
            assertThat(m.status).isEqualTo(status);
            k.check().accept(m);
        })).collect(Collectors.toList());
    }

    /** The generated parser throws nothing but underflow on these inputs; any other exception maps to dhcp.malformed. */
    @Test
    void otherParserExceptionsAreMalformed() {
        assertThat(DhcpKaitaiAdapter.exceptionEvent(new IllegalStateException("kaitai")))
                .isSameAs(DhcpDecoder.MALFORMED);
        assertThat(DhcpKaitaiAdapter.exceptionEvent(new BufferUnderflowException()))
                .isSameAs(DhcpDecoder.TRUNCATED);
    }

    @Test
    void everyEventKeyHasACase() {
        // load the decoder's constants
        assertThat(DhcpDecoder.TRUNCATED.key()).isEqualTo("dhcp.truncated");
        Set<String> keys = DecodeEventType.all().stream().filter(t -> t.protocol().equals("dhcp"))
                .map(DecodeEventType::key).collect(Collectors.toCollection(TreeSet::new));
        Set<String> covered = cases().stream().map(Case::key).collect(Collectors.toCollection(TreeSet::new));
        covered.add(DhcpDecoder.MALFORMED.key()); // otherParserExceptionsAreMalformed
        assertThat(covered).isEqualTo(keys);
        for (DecodeEventType t : DecodeEventType.all()) {
            if (t.protocol().equals("dhcp")) {
                assertThat(t.description()).isNotBlank();
            }
        }
    }
}
