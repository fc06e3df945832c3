package dev.vigil.protocol.snmp;

import static dev.vigil.protocol.snmp.Ber.message;
import static dev.vigil.protocol.snmp.Ber.nul;
import static dev.vigil.protocol.snmp.Ber.octets;
import static dev.vigil.protocol.snmp.Ber.oid;
import static dev.vigil.protocol.snmp.Ber.pdu;
import static dev.vigil.protocol.snmp.Ber.scoped;
import static dev.vigil.protocol.snmp.Ber.tlv;
import static dev.vigil.protocol.snmp.Ber.usm;
import static dev.vigil.protocol.snmp.Ber.v3;
import static dev.vigil.protocol.snmp.Ber.varbind;
import static dev.vigil.protocol.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.DecodeEventType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * jqwik: arbitrary bytes, arbitrary bytes behind a BER SEQUENCE header, and mutated real messages
 * (bit flips, length changes, insertions, deletions, cuts) never make the decoder throw, never
 * reach its exception fallback, keep the view consistent, and decode alike from heap and direct
 * buffers at any offset. Every prefix of a valid message cut by the capture is truncated, never
 * malformed.
 */
class SnmpDecoderProperties {
    private static final byte[] ENGINE = hex("80 00 00 09 03 00 aa bb cc 00 01 00");
    private static final List<byte[]> SEEDS = List.of(
            SnmpDecoderTest.GET_SYSDESCR,
            message(1, "public", pdu(2, 77, 0, 0,
                    varbind("1.3.6.1.2.1.1.1.0", octets("Zenitel ICX-AlphaCom 2.1")),
                    varbind("1.3.6.1.2.1.1.2.0", oid("1.3.6.1.4.1.26122.1")),
                    varbind("1.3.6.1.2.1.1.5.0", octets("icx")))),
            message(0, "public", tlv(0xA4, oid("1.3.6.1.4.1.9.1"), tlv(0x40, hex("0a 01 1e 01")), Ber.integer(2),
                    Ber.integer(0), tlv(0x43, hex("03 a6 8c")), Ber.seq(varbind("1.3.6.1.2.1.2.2.1.1.2",
                            Ber.integer(2))))),
            message(1, "public", pdu(5, 9, 0, 10, varbind("1.3.6.1.2.1.1", nul()))),
            v3(37320, 4, usm(new byte[0], 0, 0, "admin"), scoped(new byte[0], pdu(0, 37320, 0, 0))),
            v3(41, 1, usm(ENGINE, 12, 717, "SHA1NOPRIV"),
                    scoped(ENGINE, pdu(8, 5, 0, 0, varbind("1.3.6.1.6.3.15.1.1.4.0", tlv(0x41, hex("05")))))),
            v3(42, 7, usm(ENGINE, 12, 1540, "SHA1AES128"), tlv(0x04, hex("02 51 aa b2 f5 cb 47 5d 17 8f"))));

    private final SnmpDecoder decoder = new SnmpDecoder(SnmpDecoderTest.SALT, 4);

    @Property(tries = 3000)
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 300) byte[] payload, @ForAll boolean cut) {
        check(payload, cut);
    }

    @Property(tries = 3000)
    void arbitraryBytesInsideASequence(@ForAll @Size(max = 200) byte[] body, @ForAll boolean cut,
                                       @ForAll @IntRange(max = 0x84) int lengthOctet) {
        byte[] b = new byte[body.length + 2];
        b[0] = 0x30;
        b[1] = (byte) (lengthOctet < 0x80 ? Math.min(lengthOctet, body.length) : lengthOctet);
        System.arraycopy(body, 0, b, 2, body.length);
        check(b, cut);
    }

    @Property(tries = 5000)
    void mutatedMessagesNeverThrow(@ForAll("seeds") byte[] seed, @ForAll long random, @ForAll boolean cut) {
        Random r = new Random(random);
        byte[] b = seed.clone();
        int mutations = 1 + r.nextInt(4);
        for (int i = 0; i < mutations && b.length > 0; i++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = (byte) r.nextInt(256);
                case 2 -> b[at] = (byte) (0x80 | r.nextInt(8)); // a length octet of the long or indefinite form
                case 3 -> b = Arrays.copyOf(b, at);
                case 4 -> {
                    byte[] n = new byte[b.length + 1];
                    System.arraycopy(b, 0, n, 0, at);
                    n[at] = (byte) r.nextInt(256);
                    System.arraycopy(b, at, n, at + 1, b.length - at);
                    b = n;
                }
                default -> {
                    byte[] n = new byte[b.length - 1];
                    System.arraycopy(b, 0, n, 0, at);
                    System.arraycopy(b, at + 1, n, at, b.length - at - 1);
                    b = n;
                }
            }
        }
        check(b, cut);
    }

    @Property(tries = 1000)
    void everyCutOfAValidMessageIsTruncated(@ForAll("seeds") byte[] seed, @ForAll @IntRange(min = 1) int keep) {
        int n = 1 + keep % (seed.length - 1);
        SnmpView m = decoder.decode(Arrays.copyOf(seed, n), true);
        assertThat(m.error()).as("cut at " + n).isEqualTo(SnmpDecoder.TRUNCATED);
        assertThat(m.eventCount()).isEqualTo(1);
        assertThat(m.status()).isEqualTo(SnmpView.STATUS_TRUNCATED);
    }

    @Property(tries = 1000)
    void heapAndDirectBuffersAgree(@ForAll("seeds") byte[] seed, @ForAll @IntRange(max = 64) int offset,
                                   @ForAll @IntRange(max = 3) int cutBy) {
        byte[] b = Arrays.copyOf(seed, seed.length - Math.min(cutBy, seed.length - 1));
        byte[] heap = new byte[offset + b.length + 9];
        Arrays.fill(heap, (byte) 0x30); // stale bytes around the message must not be read
        System.arraycopy(b, 0, heap, offset, b.length);
        String fromHeap = snapshot(decoder.decode(new UnsafeBuffer(heap), offset, b.length, cutBy > 0));
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.length);
        direct.put(heap);
        String fromDirect = snapshot(decoder.decode(new UnsafeBuffer(direct), offset, b.length, cutBy > 0));
        assertThat(fromDirect).isEqualTo(fromHeap);
        assertThat(fromHeap).isEqualTo(snapshot(decoder.decode(b, cutBy > 0)));
    }

    @Provide
    Arbitrary<byte[]> seeds() {
        return Arbitraries.of(SEEDS);
    }

    private void check(byte[] payload, boolean cut) {
        long before = decoder.unexpectedExceptions();
        SnmpView m = decoder.decode(payload, cut);
        assertThat(decoder.unexpectedExceptions()).as("exception fallback").isEqualTo(before);
        assertThat(m.eventCount()).isBetween(0, SnmpView.MAX_EVENTS);
        for (int i = 0; i < m.eventCount(); i++) {
            assertThat(m.event(i).protocol()).isEqualTo("snmp");
        }
        assertThat(m.oidCount()).isLessThanOrEqualTo(Math.min(m.varbindCount(), decoder.maxVarbinds()));
        for (int i = 0; i < m.oidCount(); i++) {
            assertThat(m.oid(i)).matches("[0-2](\\.\\d+)+");
        }
        if (m.status() == SnmpView.STATUS_OK) {
            assertThat(m.error() == null || m.error().kind() == DecodeEventType.KIND_OVERFLOW).isTrue();
        } else {
            assertThat(m.error()).isNotNull();
        }
        if (m.error() != null && m.error().kind() == DecodeEventType.KIND_TRUNCATED) {
            assertThat(cut).as("truncated only when the capture cut the datagram").isTrue();
        }
        assertThat(m.version()).isIn(null, "1", "2c", "3", "unknown");
        if (m.communityPresent()) {
            assertThat(m.communityHash()).matches("[0-9a-f]{32}");
        }
        if (m.encrypted()) {
            assertThat(m.requestId()).isEqualTo(SnmpView.NONE);
            assertThat(m.version()).isEqualTo("3");
        }
        if (m.sysDescr() != null) {
            assertThat(m.sysDescr().length()).isLessThanOrEqualTo(SnmpDecoder.MAX_TEXT);
        }
    }

    /** Every field of the view, for comparisons. */
    static String snapshot(SnmpView m) {
        StringBuilder sb = new StringBuilder();
        sb.append(m.status()).append('|').append(m.error()).append('|').append(m.eventCount()).append('|')
                .append(m.version()).append('|').append(m.communityPresent()).append(m.communityDefault())
                .append(m.communityHash()).append('|').append(m.pduType()).append(m.pduTag()).append('|')
                .append(m.requestId()).append(',').append(m.errorStatus()).append(',').append(m.errorIndex())
                .append('|').append(m.varbindCount()).append(':');
        for (int i = 0; i < m.oidCount(); i++) {
            sb.append(m.oid(i)).append(' ');
        }
        sb.append('|').append(m.sysDescr()).append(m.sysObjectId()).append(m.sysName()).append(m.sysContact())
                .append(m.sysLocation()).append('|').append(m.trapEnterprise()).append(m.hasAgentAddress())
                .append(m.agentAddress()).append(m.trapGeneric()).append(m.trapSpecific()).append(m.trapTimeTicks())
                .append('|').append(m.msgId()).append(m.msgMaxSize()).append(m.msgFlags()).append(m.securityModel())
                .append(m.user()).append(m.engineId()).append(m.engineBoots()).append(m.engineTime())
                .append(m.contextName());
        return sb.toString();
    }
}
