package dev.vigil.protocol.rtp;

import static dev.vigil.protocol.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Commented RTCP compounds: reports, SDES, BYE, several packets in one datagram, and the decode events. */
class RtcpParserTest {
    private static String hexOf(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.US_ASCII)) {
            b.append(String.format("%02x", x));
        }
        return b.toString();
    }

    private final RtcpParser p = new RtcpParser();

    private int wrap(byte[] b) {
        return p.wrap(new UnsafeBuffer(b), 0, b.length, b.length);
    }

    /** SR with one report block, then SDES with a CNAME: what a phone that sends and receives sends. */
    @Test
    void readsSenderReportBlocksAndCname() {
        byte[] b = hex("81 c8 000c 5a3361b3 e7f2a1b0 00000000 00012c00 00000018 00000f00",
                "42f433d4 19fffffe 00011a2b 00000020 a1b00000 00010000",
                // SDES: one chunk, CNAME "ext@10.33.6.100" (15 bytes), null item, padding: 4+4+2+15+1 = 26 -> 28
                "81 ca 0006 5a3361b3 010f", hexOf("ext@10.33.6.100"), "00 0000");
        assertThat(b.length).isEqualTo(52 + 28);
        assertThat(wrap(b)).isEqualTo(RtcpParser.STATUS_OK);
        assertThat(p.packetCount()).isEqualTo(2);
        assertThat(p.next()).isTrue();
        assertThat(p.packetType()).isEqualTo(RtcpParser.SR);
        assertThat(p.senderSsrc()).isEqualTo(0x5a3361b3L);
        assertThat(p.senderPacketCount()).isEqualTo(24);
        assertThat(p.senderOctetCount()).isEqualTo(3840);
        assertThat(p.senderRtpTimestamp()).isEqualTo(0x12c00);
        assertThat(p.reportCount()).isEqualTo(1);
        assertThat(p.reportSsrc(0)).isEqualTo(0x42f433d4L);
        assertThat(p.reportFractionLost(0)).isEqualTo(25);
        assertThat(p.reportCumulativeLost(0)).isEqualTo(-2);
        assertThat(p.reportHighestSequence(0)).isEqualTo(0x11a2b);
        assertThat(p.reportJitter(0)).isEqualTo(32);
        assertThat(p.reportLastSr(0)).isEqualTo(0xa1b00000L);
        assertThat(p.reportDelaySinceLastSr(0)).isEqualTo(0x10000);
        assertThat(p.next()).isTrue();
        assertThat(p.packetType()).isEqualTo(RtcpParser.SDES);
        assertThat(p.chunkCount()).isEqualTo(1);
        assertThat(p.chunkSsrc(0)).isEqualTo(0x5a3361b3L);
        byte[] cname = new byte[p.cnameLength(0)];
        p.buffer().getBytes(p.cnameOffset(0), cname);
        assertThat(new String(cname, StandardCharsets.US_ASCII)).isEqualTo("ext@10.33.6.100");
        assertThat(p.next()).isFalse();
    }

    @Test
    void receiverReportAndBye() {
        byte[] b = hex("80 c9 0001 1e063b22",     // RR, RC=0, length 1: just the sender SSRC
                "81 cb 0001 1e063b22");            // BYE, SC=1
        assertThat(wrap(b)).isEqualTo(RtcpParser.STATUS_OK);
        assertThat(p.next()).isTrue();
        assertThat(p.packetType()).isEqualTo(RtcpParser.RR);
        assertThat(p.reportCount()).isZero();
        assertThat(p.next()).isTrue();
        assertThat(p.packetType()).isEqualTo(RtcpParser.BYE);
        assertThat(p.byeCount()).isEqualTo(1);
        assertThat(p.byeSsrc(0)).isEqualTo(0x1e063b22L);
        assertThat(p.next()).isFalse();
    }

    @Test
    void sdesChunkWithoutCnameAndFeedbackPackets() {
        byte[] b = hex("80 c9 0001 00000001",
                "81 ca 0003 00000001 0205 6a6f686e 6e00",       // NAME "johnn", end, no CNAME
                "81 cd 0002 00000001 00000002");                // RTPFB (205), generic NACK header only
        assertThat(wrap(b)).isEqualTo(RtcpParser.STATUS_OK);
        p.next();
        p.next();
        assertThat(p.chunkCount()).isEqualTo(1);
        assertThat(p.cnameOffset(0)).isEqualTo(-1);
        assertThat(p.next()).isTrue();
        assertThat(p.packetType()).isEqualTo(205);
        assertThat(p.count()).isEqualTo(1);
        assertThat(p.next()).isFalse();
    }

    @Test
    void truncatedCompoundKeepsItsCompletePackets() {
        byte[] b = hex("80 c9 0001 1e063b22", "81 cb 0001 1e063b22");
        // the capture kept 12 of the 16 bytes
        assertThat(p.wrap(new UnsafeBuffer(b), 0, 12, 16)).isEqualTo(RtcpParser.STATUS_TRUNCATED);
        assertThat(RtcpParser.event(RtcpParser.STATUS_TRUNCATED).key()).isEqualTo("rtp.rtcp_truncated");
        assertThat(p.packetCount()).isEqualTo(1);
        assertThat(p.next()).isTrue();
        assertThat(p.packetType()).isEqualTo(RtcpParser.RR);
        assertThat(p.next()).isFalse();
    }

    @Test
    void badLengthRejectsTheWholeCompound() {
        // the length field says 3 words, the datagram has 2
        assertThat(wrap(hex("80 c9 0002 1e063b22"))).isEqualTo(RtcpParser.STATUS_MALFORMED);
        assertThat(p.next()).isFalse();
        assertThat(RtcpParser.event(RtcpParser.STATUS_MALFORMED).key()).isEqualTo("rtp.rtcp_bad_length");
        // RC=2 report blocks do not fit a 2-word RR
        assertThat(wrap(hex("82 c9 0001 1e063b22"))).isEqualTo(RtcpParser.STATUS_MALFORMED);
        // second packet of version 1
        assertThat(wrap(hex("80 c9 0001 1e063b22 40 cb 0001 1e063b22"))).isEqualTo(RtcpParser.STATUS_MALFORMED);
        // trailing bytes after the last packet (as SRTCP's index and tag look): not a compound
        assertThat(wrap(hex("80 c9 0001 1e063b22 8000 0001 aabbccdd eeff0011 2233"))).isEqualTo(RtcpParser.STATUS_MALFORMED);
        // shorter than a header
        assertThat(wrap(hex("80 c9"))).isEqualTo(RtcpParser.STATUS_MALFORMED);
    }

    @Test
    void severalReportsInOneDatagram() {
        // ndpi__rtcp_multiple_pkts_in_the_same_datagram.pcap style: RR + SDES + RR + SDES
        byte[] b = hex("80 c9 0001 00000001", "81 ca 0002 00000001 0000 0000",
                "80 c9 0001 00000002", "81 ca 0002 00000002 0000 0000");
        assertThat(wrap(b)).isEqualTo(RtcpParser.STATUS_OK);
        int n = 0;
        while (p.next()) {
            n++;
        }
        assertThat(n).isEqualTo(4);
    }
}
