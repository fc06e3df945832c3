package dev.vigil.protocol.dip;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hand-made DIP messages built from the grammar of the vendor facts
 * ({@code shared/protocols/zenitel-facts.md}: "{@code <ref> <command> <params>}", one space
 * between parameters, hexadecimal numbers, dotted IPv4, double-quoted strings with {@code \"},
 * unquoted text constants, at most 500 bytes), and one message per decode event of the parser.
 */
class DipParserTest {
    private final DipParser parser = new DipParser();

    private DipView parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        // the message sits inside a bigger buffer, behind other bytes, as in a packet slot
        byte[] packet = new byte[b.length + 70];
        java.util.Arrays.fill(packet, (byte) 'X');
        System.arraycopy(b, 0, packet, 54, b.length);
        return parser.parse(new UnsafeBuffer(packet), 54, b.length);
    }

    private static List<String> keys(DipView v) {
        List<String> k = new ArrayList<>();
        for (int i = 0; i < v.eventCount(); i++) {
            k.add(v.event(i).key());
        }
        return k;
    }

    private static List<String> raw(DipView v) {
        List<String> p = new ArrayList<>();
        for (int i = 0; i < v.paramCount(); i++) {
            p.add(v.paramRaw(i));
        }
        return p;
    }

    // ---------------------------------------------------------------- well-formed messages

    @Test
    void conFromTheFactsParameterList() {
        // server -> station 2: phy_ind 2, dirno "102", name "Gate 2", volume 1a, three voice ports with
        // priorities (ee48 1, ee5c 2, ee70 3), port_udp 1389 (5001), mcast-ip 239.192.1.0, server MAC (10.23+)
        DipView v = parse("2 con 2 \"102\" \"Gate 2\" 1a ee48 1 ee5c 2 ee70 3 1389 239.192.1.0 0013cb14000a");
        assertThat(keys(v)).isEmpty();
        assertThat(v.malformed()).isFalse();
        assertThat(v.ref()).isEqualTo(2);
        assertThat(v.command()).isEqualTo("con");
        assertThat(v.commandIs("con")).isTrue();
        assertThat(v.commandIs("co")).isFalse();
        assertThat(v.paramCount()).isEqualTo(13);
        assertThat(v.totalParams()).isEqualTo(13);
        assertThat(v.paramHex(0)).isEqualTo(2);
        assertThat(v.paramQuoted(1)).isTrue();
        assertThat(v.paramText(1)).isEqualTo("102");
        assertThat(v.paramRaw(1)).isEqualTo("\"102\"");
        assertThat(v.paramHex(1)).as("a quoted string is not a number").isEqualTo(-1);
        assertThat(v.paramText(2)).isEqualTo("Gate 2");
        assertThat(v.paramHex(3)).isEqualTo(0x1a);
        assertThat(v.paramHex(4)).isEqualTo(61000);
        assertThat(v.paramHex(10)).isEqualTo(5001);
        assertThat(v.paramIsIpv4(11)).isTrue();
        assertThat(v.paramIpv4(11)).isEqualTo(0xEFC00100);
        assertThat(v.paramIsIpv4(10)).isFalse();
        assertThat(v.paramHex(11)).as("a dotted address is not a hex number").isEqualTo(-1);
        assertThat(v.paramHex(12)).isEqualTo(0x0013cb14000aL);
        assertThat(v.length()).isEqualTo(v.messageLength());
    }

    @Test
    void aucAndAueAndUnknownCommands() {
        // auc: port ee48 (61000), codec 0, packet length a0 (160), volume 1a, config bitmap 1
        DipView auc = parse("4 auc ee48 0 a0 1a 1");
        assertThat(keys(auc)).isEmpty();
        assertThat(auc.ref()).isEqualTo(4);
        assertThat(raw(auc)).containsExactly("ee48", "0", "a0", "1a", "1");
        DipView aue = parse("4 aue");
        assertThat(keys(aue)).isEmpty();
        assertThat(aue.command()).isEqualTo("aue");
        assertThat(aue.paramCount()).isZero();
        // an unknown command word is a value, never an error
        DipView unknown = parse("1f zzq 1 2");
        assertThat(keys(unknown)).isEmpty();
        assertThat(unknown.ref()).isEqualTo(0x1f);
        assertThat(unknown.command()).isEqualTo("zzq");
    }

    @Test
    void quotedStringsWithEscapedQuotesAndUnquotedTextConstants() {
        // ind with a text constant, a string holding \" and a string holding a space and a backslash
        DipView v = parse("a ind stl \"say \\\"hi\\\"\" \"C:\\dir x\"");
        assertThat(keys(v)).isEmpty();
        assertThat(v.ref()).isEqualTo(10);
        assertThat(v.paramIs(0, "stl")).isTrue();
        assertThat(v.paramText(1)).isEqualTo("say \"hi\"");
        assertThat(v.paramRaw(1)).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(v.paramText(2)).as("only \\\" is an escape").isEqualTo("C:\\dir x");
        assertThat(v.paramCount()).isEqualTo(3);
    }

    @Test
    void emptyQuotedStringAndNonAsciiText() {
        DipView v = parse("3 con 3 \"\" \"Ålesund kai\" 1a");
        assertThat(keys(v)).isEmpty();
        assertThat(v.paramText(1)).isEmpty();
        assertThat(v.paramText(2)).isEqualTo("Ålesund kai");
    }

    @Test
    void numberAndAddressForms() {
        DipView v = parse("0 x FFFFFFFFFFFFFFF 1000000000000000 256.1.1.1 1.2.3 01.002.3.4 g");
        assertThat(v.paramHex(0)).isEqualTo(0xFFFFFFFFFFFFFFFL);
        assertThat(v.paramHex(1)).as("16 digits exceed the supported range").isEqualTo(-1);
        assertThat(v.paramIsIpv4(2)).isFalse();
        assertThat(v.paramIsIpv4(3)).isFalse();
        assertThat(v.paramIsIpv4(4)).isTrue();
        assertThat(v.paramIpv4(4)).isEqualTo(0x01020304);
        assertThat(v.paramHex(5)).isEqualTo(-1);
    }

    // ---------------------------------------------------------------- one case per decode event

    @Test
    void empty() {
        assertThat(keys(parse(""))).containsExactly("dip.empty");
        assertThat(keys(parse("   "))).contains("dip.empty", "dip.bad_separator");
    }

    @Test
    void badRef() {
        // the first token must be the hexadecimal physical number
        DipView v = parse("GET / HTTP/1.0");
        assertThat(keys(v)).containsExactly("dip.bad_ref");
        assertThat(v.ref()).isEqualTo(-1);
        assertThat(v.command()).isEqualTo("/");
        assertThat(keys(parse("\"1\" ping"))).containsExactly("dip.bad_ref");
    }

    @Test
    void missingCommand() {
        DipView v = parse("12");
        assertThat(keys(v)).containsExactly("dip.missing_command");
        assertThat(v.ref()).isEqualTo(0x12);
        assertThat(v.hasCommand()).isFalse();
        assertThat(v.command()).isNull();
    }

    @Test
    void badSeparator() {
        assertThat(keys(parse("1  ping"))).as("two spaces").containsExactly("dip.bad_separator");
        assertThat(keys(parse(" 1 ping"))).as("leading space").containsExactly("dip.bad_separator");
        assertThat(keys(parse("1 ping "))).as("trailing space").containsExactly("dip.bad_separator");
        DipView glued = parse("1 con 1 \"a\"b c");
        assertThat(keys(glued)).as("text after a closing quote").containsExactly("dip.bad_separator");
        assertThat(raw(glued)).containsExactly("1", "\"a\"b", "c");
        assertThat(glued.paramQuoted(1)).isFalse();
        // the empty token is not a parameter
        assertThat(parse("1 x a  b").paramCount()).isEqualTo(2);
    }

    @Test
    void unterminatedString() {
        DipView v = parse("1 con 1 \"102 \"Gate");
        assertThat(keys(v)).containsExactly("dip.bad_separator");
        DipView u = parse("1 con 1 \"no end");
        assertThat(keys(u)).containsExactly("dip.unterminated_string");
        assertThat(u.paramText(1)).isEqualTo("no end");
        assertThat(u.paramCount()).isEqualTo(2);
        // an escaped quote does not close the string
        assertThat(keys(parse("1 x \"a\\\""))).containsExactly("dip.unterminated_string");
    }

    @Test
    void controlCharacter() {
        DipView v = parse("1 ping\t2");
        assertThat(keys(v)).containsExactly("dip.control_character");
        assertThat(v.command()).isEqualTo("ping\t2");
        assertThat(keys(parse("1 x \u007f"))).containsExactly("dip.control_character");
    }

    @Test
    void messageTooLong() {
        // 501 bytes: "1 x " and 497 'a': only 500 are parsed; cut is not malformed
        String text = "1 x " + "a".repeat(497);
        DipView v = parse(text);
        assertThat(keys(v)).containsExactly("dip.message_too_long");
        assertThat(v.truncated()).isTrue();
        assertThat(v.malformed()).isFalse();
        assertThat(v.length()).isEqualTo(500);
        assertThat(v.messageLength()).isEqualTo(501);
        assertThat(v.paramLength(0)).isEqualTo(496);
        // exactly 500 bytes is fine
        assertThat(keys(parse("1 x " + "a".repeat(496)))).isEmpty();
        // a quoted string cut by the cap is truncated, not unterminated
        DipView q = parse("1 x \"" + "b".repeat(600) + "\"");
        assertThat(keys(q)).containsExactly("dip.message_too_long");
        // a framer that kept only 500 bytes passes the full length
        byte[] b = ("1 x " + "c".repeat(496)).getBytes(StandardCharsets.US_ASCII);
        DipView f = parser.parse(new UnsafeBuffer(b), 0, 500, 900);
        assertThat(keys(f)).containsExactly("dip.message_too_long");
        assertThat(f.messageLength()).isEqualTo(900);
    }

    @Test
    void tooManyParams() {
        DipParser small = new DipParser(4);
        byte[] b = "1 x a b c d e f".getBytes(StandardCharsets.US_ASCII);
        DipView v = small.parse(new UnsafeBuffer(b), 0, b.length);
        assertThat(keys(v)).containsExactly("dip.too_many_params");
        assertThat(v.paramCount()).isEqualTo(4);
        assertThat(v.totalParams()).isEqualTo(6);
        assertThat(raw(v)).containsExactly("a", "b", "c", "d");
        // the default cap (32) takes the longest documented command, con, easily
        assertThat(keys(parse("1 x" + " 1".repeat(32)))).isEmpty();
        assertThat(keys(parse("1 x" + " 1".repeat(33)))).containsExactly("dip.too_many_params");
    }

    @Test
    void everyParserEventHasACase() {
        // bad_number is recorded by the sensor's logger, incomplete by the framer's caller (tests there)
        List<String> covered = List.of("dip.empty", "dip.bad_ref", "dip.missing_command", "dip.bad_separator",
                "dip.unterminated_string", "dip.control_character", "dip.message_too_long", "dip.too_many_params",
                "dip.bad_number", "dip.incomplete");
        List<String> registered = DecodeEventType.all().stream().map(DecodeEventType::key)
                .filter(k -> k.startsWith("dip.")).toList();
        assertThat(covered).containsExactlyInAnyOrderElementsOf(registered);
    }

    @Test
    void worksOverADirectBufferAndAllocatesNothing() {
        byte[] b = "2 con 2 \"102\" \"Gate 2\" 1a ee48 1 ee5c 2 ee70 3 1389 239.192.1.0 0013cb14000a"
                .getBytes(StandardCharsets.US_ASCII);
        ByteBuffer direct = ByteBuffer.allocateDirect(b.length + 10);
        direct.position(10);
        direct.put(b);
        UnsafeBuffer buf = new UnsafeBuffer(direct);
        DipView v = parser.parse(buf, 10, b.length);
        assertThat(v.paramText(2)).isEqualTo("Gate 2");
        assertThat(v.paramIpv4(11)).isEqualTo(0xEFC00100);

        com.sun.management.ThreadMXBean mx =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (int i = 0; i < 10_000; i++) {
            sum += parser.parse(buf, 10, b.length).paramHex(4);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            DipView w = parser.parse(buf, 10, b.length);
            sum += w.paramHex(4) + (w.commandIs("con") ? 1 : 0) + (w.paramIsIpv4(11) ? 1 : 0);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(sum).isPositive();
        assertThat(allocated).isLessThan(1024);
    }
}
