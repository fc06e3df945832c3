package dev.vigil.protocol.dns;

import static dev.vigil.protocol.testing.Hex.concat;
import static dev.vigil.protocol.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.DecodeEventType;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Commented byte arrays: a query, a compressed answer, and one message per DNS decode event. */
class DnsDecoderTest {
    /** Standard query for sip.example.com A, RD set (RFC 1035 section 4.1). */
    static byte[] query() {
        return hex(
                "1234",                   // id
                "0100",                   // QR 0, opcode QUERY, RD
                "0001 0000 0000 0000",    // 1 question, no records
                "03 736970 07 6578616d706c65 03 636f6d 00", // sip.example.com (offset 12)
                "0001 0001");             // type A, class IN
    }

    /** The answer: CNAME, then A, AAAA, SRV and TXT; owner names compressed to offset 12. */
    static byte[] response() {
        return hex(
                "1234",                   // id
                "8580",                   // QR, opcode QUERY, AA, RD, RA, NOERROR
                "0001 0005 0000 0000",    // 1 question, 5 answers
                "03 736970 07 6578616d706c65 03 636f6d 00", // sip.example.com (offset 12)
                "0001 0001",              // A IN
                "c00c 0005 0001 0000012c 0006", // sip.example.com CNAME, TTL 300, 6 bytes
                "03 706278 c010",         //   pbx + pointer to example.com (offset 16)
                "c00c 0001 0001 0000003c 0004 c0000201", // A 192.0.2.1, TTL 60
                "c00c 001c 0001 0000003c 0010 20010db8000000000000000000000001", // AAAA 2001:db8::1
                "c00c 0021 0001 0000003c 0008 0000 0005 13c4 c010", // SRV 0 5 5060 example.com
                "c00c 0010 0001 0000003c 0008 03 613d31 03 623d32"); // TXT "a=1" "b=2"
    }

    private final DnsDecoder decoder = new DnsDecoder();
    private final byte[] name = new byte[DnsDecoder.MAX_NAME_TEXT];

    private int decode(byte[] b) {
        return decoder.decode(new UnsafeBuffer(b), 0, b.length);
    }

    private String name(int at) {
        int n = decoder.name(at, name);
        return n < 0 ? null : new String(name, 0, n, StandardCharsets.UTF_8);
    }

    private void onlyEvent(DecodeEventType type) {
        assertThat(decoder.eventCount()).isEqualTo(1);
        assertThat(decoder.event(0)).isSameAs(type);
    }

    @Test
    void query_headerAndQuestion() {
        assertThat(decode(query())).isEqualTo(DnsDecoder.STATUS_OK);
        assertThat(decoder.eventCount()).isZero();
        DnsFlyweight h = decoder.header();
        assertThat(h.id()).isEqualTo(0x1234);
        assertThat(h.response()).isFalse();
        assertThat(h.opcode()).isZero();
        assertThat(h.flags() & DnsFlyweight.FLAG_RD).isNotZero();
        assertThat(decoder.questions()).isEqualTo(1);
        assertThat(name(decoder.questionName(0))).isEqualTo("sip.example.com");
        assertThat(decoder.questionType(0)).isEqualTo(DnsDecoder.TYPE_A);
        assertThat(decoder.questionClass(0)).isEqualTo(1);
        assertThat(decoder.records()).isZero();
    }

    @Test
    void response_recordsWithCompressedNames() {
        assertThat(decode(response())).isEqualTo(DnsDecoder.STATUS_OK);
        assertThat(decoder.eventCount()).isZero();
        assertThat(decoder.header().response()).isTrue();
        assertThat(decoder.header().rcode()).isZero();
        assertThat(decoder.records()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(name(decoder.recordName(i))).isEqualTo("sip.example.com");
            assertThat(decoder.recordSection(i)).isEqualTo(DnsDecoder.SECTION_ANSWER);
            assertThat(decoder.rdataValid(i)).isTrue();
        }
        assertThat(decoder.recordType(0)).isEqualTo(DnsDecoder.TYPE_CNAME);
        assertThat(decoder.recordTtl(0)).isEqualTo(300);
        assertThat(name(decoder.recordData(0))).isEqualTo("pbx.example.com");
        assertThat(decoder.u32At(decoder.recordData(1))).isEqualTo(0xC0000201L);
        assertThat(decoder.recordType(3)).isEqualTo(DnsDecoder.TYPE_SRV);
        assertThat(decoder.u16At(decoder.recordData(3) + 4)).isEqualTo(5060);
        assertThat(name(decoder.recordData(3) + 6)).isEqualTo("example.com");
        assertThat(DnsDecoder.typeName(33)).isEqualTo("SRV");
        assertThat(DnsDecoder.rcodeName(3)).isEqualTo("NXDOMAIN");
        assertThat(DnsDecoder.typeName(4242)).isNull();
    }

    @Test
    void rootName_isEmpty() {
        byte[] opt = hex("0001 0000 0000 0000 0000 0001", // query with one additional record
                "00 0029 1000 00000000 0000");           // OPT: root owner, UDP size 4096, no options
        assertThat(decode(opt)).isEqualTo(DnsDecoder.STATUS_OK);
        assertThat(decoder.records()).isEqualTo(1);
        assertThat(decoder.recordSection(0)).isEqualTo(DnsDecoder.SECTION_ADDITIONAL);
        assertThat(name(decoder.recordName(0))).isEmpty();
        assertThat(decoder.recordClass(0)).isEqualTo(4096);
    }

    @Test
    void truncated_header() {
        assertThat(decode(hex("1234 0100 0001"))).isEqualTo(DnsDecoder.STATUS_TRUNCATED);
        assertThat(decoder.hasHeader()).isFalse();
        onlyEvent(DnsDecoder.TRUNCATED);
    }

    @Test
    void truncated_recordsMissing() {
        // the header counts 5 answers but the datagram stops after the second: two are kept
        byte[] cut = Arrays.copyOf(response(), 33 + 18 + 16 + 5);
        assertThat(decode(cut)).isEqualTo(DnsDecoder.STATUS_TRUNCATED);
        onlyEvent(DnsDecoder.TRUNCATED);
        assertThat(decoder.hasHeader()).isTrue();
        assertThat(decoder.questions()).isEqualTo(1);
        assertThat(decoder.records()).isEqualTo(2);
    }

    @Test
    void badPointer_outsideTheMessage() {
        byte[] m = hex("0001 0000 0001 0000 0000 0000",
                "c0ff 0001 0001");        // pointer to offset 255 of a 22-byte message
        assertThat(decode(m)).isEqualTo(DnsDecoder.STATUS_MALFORMED);
        onlyEvent(DnsDecoder.BAD_POINTER);
        assertThat(decoder.questions()).isZero();
    }

    @Test
    void pointerLoop_selfReference() {
        byte[] m = hex("0001 0000 0001 0000 0000 0000",
                "01 61 c00c",            // "a" then a pointer back to itself (offset 12)
                "0001 0001");
        assertThat(decode(m)).isEqualTo(DnsDecoder.STATUS_MALFORMED);
        onlyEvent(DnsDecoder.POINTER_LOOP);
        assertThat(decoder.name(12, name)).isEqualTo(-1);
    }

    @Test
    void nameTooLong_over255Octets() {
        byte[] label = new byte[64];
        label[0] = 63;
        Arrays.fill(label, 1, 64, (byte) 'x');
        // 5 labels of 63 characters: 320 octets on the wire
        byte[] m = concat(hex("0001 0000 0001 0000 0000 0000"), label, label, label, label, label,
                hex("00 0001 0001"));
        assertThat(decode(m)).isEqualTo(DnsDecoder.STATUS_MALFORMED);
        onlyEvent(DnsDecoder.NAME_TOO_LONG);
    }

    @Test
    void badLabel_extendedLabelType() {
        byte[] m = hex("0001 0000 0001 0000 0000 0000",
                "41 00 0001 0001");       // 01xxxxxx: the obsolete extended label type
        assertThat(decode(m)).isEqualTo(DnsDecoder.STATUS_MALFORMED);
        onlyEvent(DnsDecoder.BAD_LABEL);
    }

    @Test
    void badRdata_aRecordOfFiveBytes() {
        byte[] m = hex("0001 8000 0000 0002 0000 0000",
                "00 0001 0001 00000010 0005 0102030405", // A with 5 bytes of RDATA
                "00 0001 0001 00000010 0004 01020304");  // a good A after it is still decoded
        assertThat(decode(m)).isEqualTo(DnsDecoder.STATUS_MALFORMED);
        onlyEvent(DnsDecoder.BAD_RDATA);
        assertThat(decoder.records()).isEqualTo(2);
        assertThat(decoder.rdataValid(0)).isFalse();
        assertThat(decoder.rdataValid(1)).isTrue();
    }

    @Test
    void tooManyRecords_overTheCap() {
        DnsDecoder small = new DnsDecoder(32, 2, 8);
        byte[] m = response(); // 5 answers, cap 2
        assertThat(small.decode(new UnsafeBuffer(m), 0, m.length)).isEqualTo(DnsDecoder.STATUS_OK);
        assertThat(small.eventCount()).isEqualTo(1);
        assertThat(small.event(0)).isSameAs(DnsDecoder.TOO_MANY_RECORDS);
        assertThat(small.records()).isEqualTo(2);
        assertThat(small.header().answerCount()).isEqualTo(5);
    }

    @Test
    void trailingData_afterTheLastRecord() {
        byte[] m = concat(query(), hex("deadbeef"));
        assertThat(decode(m)).isEqualTo(DnsDecoder.STATUS_MALFORMED);
        onlyEvent(DnsDecoder.TRAILING_DATA);
        assertThat(decoder.questions()).isEqualTo(1);
    }

    @Test
    void txtTooLong_isRegisteredForTheLogger() {
        // the cut itself happens in the sensor's DnsLogger (DnsAppTest); the key is stable here
        assertThat(DnsDecoder.TXT_TOO_LONG.key()).isEqualTo("dns.txt_too_long");
        assertThat(DnsDecoder.TXT_TOO_LONG.kind()).isEqualTo(DecodeEventType.KIND_OVERFLOW);
    }

    @Test
    void decodeAllocatesNothing() {
        UnsafeBuffer b = new UnsafeBuffer(response());
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 10_000; i++) {
            decoder.decode(b, 0, b.capacity());
            decoder.name(decoder.recordData(0), name);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            decoder.decode(b, 0, b.capacity());
            decoder.name(decoder.recordData(0), name);
        }
        assertThat(mx.getCurrentThreadAllocatedBytes() - before).isLessThan(1024);
    }
}
