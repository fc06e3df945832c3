package dev.vigil.protocol.rtp;

import static dev.vigil.protocol.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Commented RTP headers: the fields, RFC 7983 demultiplexing, and one case per decode event. */
class RtpFlyweightTest {
    /** G.711 A-law, 20 ms: the first packet of a stream in sipp__g711a.pcap (payload shortened to 4 bytes). */
    static byte[] pcma() {
        return hex(
                "80",           // V=2, P=0, X=0, CC=0
                "08",           // M=0, PT=8 (PCMA)
                "1d2c",         // sequence number 7468
                "0000a0a0",     // timestamp 41120
                "dee0ee8f",     // SSRC 0xdee0ee8f
                "d5d5d5d5");    // payload
    }

    private final RtpFlyweight rtp = new RtpFlyweight();

    private RtpFlyweight wrap(byte[] b) {
        return rtp.wrap(new UnsafeBuffer(b), 0, b.length);
    }

    @Test
    void readsTheFixedHeader() {
        RtpFlyweight r = wrap(pcma());
        assertThat(r.version()).isEqualTo(2);
        assertThat(r.padding()).isFalse();
        assertThat(r.extension()).isFalse();
        assertThat(r.csrcCount()).isZero();
        assertThat(r.marker()).isFalse();
        assertThat(r.payloadType()).isEqualTo(8);
        assertThat(r.sequence()).isEqualTo(7468);
        assertThat(r.timestamp()).isEqualTo(41120L);
        assertThat(r.ssrc()).isEqualTo(0xdee0ee8fL);
        assertThat(r.headerLength()).isEqualTo(12);
        assertThat(r.check(16)).isEqualTo(RtpFlyweight.OK);
    }

    @Test
    void directBufferAtAnOffsetReadsAlike() {
        byte[] b = pcma();
        ByteBuffer d = ByteBuffer.allocateDirect(b.length + 7);
        d.position(7);
        d.put(b);
        RtpFlyweight r = rtp.wrap(new UnsafeBuffer(d), 7, b.length);
        assertThat(r.ssrc()).isEqualTo(0xdee0ee8fL);
        assertThat(r.sequence()).isEqualTo(7468);
        assertThat(r.check(b.length)).isEqualTo(RtpFlyweight.OK);
    }

    @Test
    void csrcListAndExtensionAreSkipped() {
        byte[] b = hex(
                "91",               // V=2, X=1, CC=1
                "e0",               // M=1, PT=96
                "0001 00000000 00001646",
                "0070a0b1",         // CSRC
                "bede 0001",        // one-byte header extension (RFC 8285), 1 word
                "10ff0000",         // extension element
                "aabb");            // payload
        RtpFlyweight r = wrap(b);
        assertThat(r.marker()).isTrue();
        assertThat(r.payloadType()).isEqualTo(96);
        assertThat(r.headerLength()).isEqualTo(12 + 4 + 4 + 4);
        assertThat(r.check(b.length)).isEqualTo(RtpFlyweight.OK);
    }

    @Test
    void paddingCountIsTheLastByte() {
        byte[] b = hex("a0 00 0001 00000001 00000002", "aabbcc", "00 00 03"); // P=1, 3 bytes of padding
        RtpFlyweight r = wrap(b);
        assertThat(r.paddingCount(b.length)).isEqualTo(3);
        assertThat(r.paddingCount(b.length + 1)).as("last byte not captured").isZero();
        assertThat(r.check(b.length)).isEqualTo(RtpFlyweight.OK);
    }

    @Test
    void truncatedWhenTheCaptureCutsTheHeader() {
        byte[] b = pcma();
        // 8 of the 16 bytes captured, the datagram had 16
        RtpFlyweight r = rtp.wrap(new UnsafeBuffer(b), 0, 8);
        assertThat(r.check(16)).isEqualTo(RtpFlyweight.STATUS_TRUNCATED);
        assertThat(RtpFlyweight.event(RtpFlyweight.STATUS_TRUNCATED).key()).isEqualTo("rtp.truncated");
        // the extension header cut: 12 of 40 bytes captured
        byte[] x = hex("90 00 0001 00000001 00000002 bede0002 00000000 00000000", "00000000 00000000 0000");
        assertThat(rtp.wrap(new UnsafeBuffer(x), 0, 12).check(40)).isEqualTo(RtpFlyweight.STATUS_TRUNCATED);
    }

    @Test
    void badHeaderLengthWhenCsrcOrExtensionRunPastTheDatagram() {
        // CC=15 needs 72 bytes, the datagram has 16
        byte[] cc = hex("8f 00 0001 00000001 00000002 aabbccdd");
        assertThat(wrap(cc).check(cc.length)).isEqualTo(RtpFlyweight.STATUS_BAD_HEADER_LENGTH);
        // an extension of 0x100 words in a 20-byte datagram
        byte[] ext = hex("90 00 0001 00000001 00000002 bede0100 aabbccdd");
        assertThat(wrap(ext).check(ext.length)).isEqualTo(RtpFlyweight.STATUS_BAD_HEADER_LENGTH);
        // shorter than the fixed header
        byte[] shortDatagram = hex("80 00 0001 0000");
        assertThat(wrap(shortDatagram).check(shortDatagram.length)).isEqualTo(RtpFlyweight.STATUS_BAD_HEADER_LENGTH);
        assertThat(RtpFlyweight.event(RtpFlyweight.STATUS_BAD_HEADER_LENGTH).key()).isEqualTo("rtp.bad_header_length");
    }

    @Test
    void badPaddingWhenTheCountIsZeroOrTooLong() {
        byte[] zero = hex("a0 00 0001 00000001 00000002", "aabbcc00");          // padding count 0
        assertThat(wrap(zero).check(zero.length)).isEqualTo(RtpFlyweight.STATUS_BAD_PADDING);
        byte[] tooLong = hex("a0 00 0001 00000001 00000002", "aabbcc09");       // 9 > the 4 bytes there
        assertThat(wrap(tooLong).check(tooLong.length)).isEqualTo(RtpFlyweight.STATUS_BAD_PADDING);
        assertThat(RtpFlyweight.event(RtpFlyweight.STATUS_BAD_PADDING).key()).isEqualTo("rtp.bad_padding");
        // not judged when the last byte was not captured
        assertThat(rtp.wrap(new UnsafeBuffer(zero), 0, 14).check(16)).isEqualTo(RtpFlyweight.OK);
    }

    @Test
    void demultiplexesByTheFirstBytes() {
        assertThat(RtpFlyweight.demux(0x80, 0x08)).isEqualTo(RtpFlyweight.KIND_RTP);
        assertThat(RtpFlyweight.demux(0x80, 0xc8)).isEqualTo(RtpFlyweight.KIND_RTCP);   // SR
        assertThat(RtpFlyweight.demux(0x81, 0xcf)).isEqualTo(RtpFlyweight.KIND_RTCP);   // XR (207)
        assertThat(RtpFlyweight.demux(0x80, 0xe0)).isEqualTo(RtpFlyweight.KIND_RTP);    // M=1, PT=96
        assertThat(RtpFlyweight.demux(0x00, 0x01)).isEqualTo(RtpFlyweight.KIND_STUN);
        assertThat(RtpFlyweight.demux(0x16, 0xfe)).isEqualTo(RtpFlyweight.KIND_DTLS);   // handshake
        assertThat(RtpFlyweight.demux(0x40, 0x00)).isEqualTo(RtpFlyweight.KIND_OTHER);  // TURN channel
        assertThat(RtpFlyweight.demux(0x10, 0x00)).isEqualTo(RtpFlyweight.KIND_OTHER);  // ZRTP
        assertThat(RtpFlyweight.demux(-1, -1)).isEqualTo(RtpFlyweight.KIND_OTHER);
    }
}
