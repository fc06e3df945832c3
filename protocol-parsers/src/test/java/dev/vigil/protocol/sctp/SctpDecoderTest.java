package dev.vigil.protocol.sctp;

import static dev.vigil.protocol.testing.Frames.eth;
import static dev.vigil.protocol.testing.Frames.ipv4;
import static dev.vigil.protocol.testing.Frames.ipv6;
import static dev.vigil.protocol.testing.Frames.sctp;
import static dev.vigil.protocol.testing.Frames.sctpChunk;
import static dev.vigil.protocol.testing.Frames.sctpData;
import static dev.vigil.protocol.testing.Hex.concat;
import static dev.vigil.protocol.testing.Hex.hex;
import static dev.vigil.protocol.testing.Hex.payload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.LinkType;
import dev.vigil.protocol.PacketDecoder;
import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.testing.Corpus;
import dev.vigil.protocol.testing.PcapRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** SCTP common header and chunk walk (RFC 9260): hand-built packets and the corpus capture of SIP over SCTP. */
class SctpDecoderTest {
    private final PacketDecoder decoder = new PacketDecoder();
    private final PacketView v = new PacketView();

    private void decode(byte[] frame) {
        decoder.decode(new UnsafeBuffer(frame), 0, frame.length, frame.length, LinkType.ETHERNET, v);
    }

    @Test
    void bundledChunksFirstDataIsThePayload() {
        byte[] sip = "OPTIONS sip:a@b SIP/2.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII); // 27 bytes: padded to 44
        byte[] body = concat(sctp(40000, 5060),
            sctpChunk(3, 0, 16, payload(12)),           // SACK, 16 bytes
            sctpData(0x03, 0, sip),                     // B|E: a whole message
            sctpData(0x06, 51, payload(5)));            // U|B: first fragment of another, PPID 51
        decode(concat(eth(0x0800), ipv4(132, 20 + body.length), body));
        assertThat(v.status).isEqualTo(PacketView.STATUS_OK);
        assertThat(v.ipProtocol).isEqualTo(132);
        assertThat(v.srcPort).isEqualTo(40000);
        assertThat(v.dstPort).isEqualTo(5060);
        assertThat(v.l4Offset).isEqualTo(14 + 20);
        assertThat(v.sctpChunkCount).isEqualTo(3);
        assertThat(v.sctpDataCount).isEqualTo(2);
        assertThat(v.sctpDataFlags).isEqualTo(SctpChunkFlyweight.FLAGS_UNFRAGMENTED);
        assertThat(v.sctpPpid).isZero();
        assertThat(v.payloadOffset).isEqualTo(14 + 20 + 12 + 16 + 16);
        assertThat(v.payloadLength).isEqualTo(sip.length);
    }

    @Test
    void controlChunksOnlyAndIpv6AndIData() {
        byte[] init = concat(sctp(5060, 5060), sctpChunk(1, 0, 20, payload(16))); // INIT
        decode(concat(eth(0x86DD), ipv6(132, init.length), init));
        assertThat(v.status).isEqualTo(PacketView.STATUS_OK);
        assertThat(v.hasTransport()).isTrue();
        assertThat(v.sctpChunkCount).isEqualTo(1);
        assertThat(v.sctpDataCount).isZero();
        assertThat(v.sctpPpid).isEqualTo(-1);
        assertThat(v.payloadLength).isZero();

        byte[] idata = concat(sctp(1, 2), sctpChunk(64, 0x03, 23, concat(hex(
            "00000009",   // TSN
            "0001 0000",  // stream, reserved
            "00000004",   // message identifier
            "00000033"),  // PPID 51 (B set)
            payload(3))), new byte[1]);
        decode(concat(eth(0x0800), ipv4(132, 20 + idata.length), idata));
        assertThat(v.status).isEqualTo(PacketView.STATUS_OK);
        assertThat(v.sctpDataCount).isEqualTo(1);
        assertThat(v.sctpPpid).isEqualTo(51);
        assertThat(v.payloadLength).isEqualTo(3);
    }

    @Test
    void snaplenCutsADataChunk() {
        byte[] body = concat(sctp(5060, 5060), sctpData(0x03, 0, payload(100)));
        byte[] frame = concat(eth(0x0800), ipv4(132, 20 + body.length), body);
        UnsafeBuffer b = new UnsafeBuffer(frame);
        decoder.decode(b, 0, 14 + 20 + 12 + 16 + 10, frame.length, LinkType.ETHERNET, v);
        assertThat(v.status).isEqualTo(PacketView.STATUS_TRUNCATED);
        assertThat(v.eventCount).isEqualTo(1);
        assertThat(dev.vigil.protocol.DecodeEventType.byId(v.events[0]).key()).isEqualTo("capture.snaplen");
        assertThat(v.payloadLength).isEqualTo(10);
    }

    @Test
    void firstFragmentReadsOnlyTheCommonHeader() {
        byte[] body = concat(sctp(5060, 5060), sctpData(0x03, 0, payload(40)));
        decode(concat(eth(0x0800), ipv4(132, 20 + body.length, 0x2000, 0xC0000201, 0xC0000202), body));
        assertThat(v.fragment).isTrue();
        assertThat(v.srcPort).isEqualTo(5060);
        assertThat(v.sctpChunkCount).isZero();
        assertThat(v.payloadLength).isZero();
    }

    /**
     * heplify's SIP over SCTP capture against tshark (sctp.chunk_type, sctp.data_*_segment_bit,
     * sctp.data_payload_proto_id, sctp.chunk_length): frame 1 holds a first fragment (B, U), frame 2
     * the last (E, U) of the INVITE, frames 3-5 one unfragmented DATA chunk each, PPID 0 throughout.
     */
    @Test
    void corpusSipOverSctp() {
        Path capture = Corpus.root() == null ? null : Corpus.root().resolve("sip/heplify__sip_sctp.pcap");
        Assumptions.assumeTrue(capture != null && capture.toFile().exists(), "corpus not available");
        List<int[]> seen = new ArrayList<>();
        for (PcapRecords.Packet p : PcapRecords.read(capture)) {
            byte[] f = p.copy();
            decoder.decode(new UnsafeBuffer(f), 0, f.length, f.length, p.linkType(), v);
            assertThat(v.status).isEqualTo(PacketView.STATUS_OK);
            assertThat(v.ipProtocol).isEqualTo(132);
            seen.add(new int[] {v.sctpDataCount, v.sctpDataFlags, (int) v.sctpPpid, v.payloadLength, v.dstPort});
        }
        assertThat(seen).hasSize(5);
        // tshark: sctp.chunk_length 1468, 328, 381, 473, 456 (user data = chunk length - 16); U set in 1, 2, 5
        assertThat(seen.get(0)).containsExactly(1, 0x06, 0, 1452, 5060);
        assertThat(seen.get(1)).containsExactly(1, 0x05, 0, 312, 5060);
        assertThat(seen.get(2)).containsExactly(1, 0x03, 0, 365, 5060);
        assertThat(seen.get(3)).containsExactly(1, 0x03, 0, 457, 5060);
        assertThat(seen.get(4)).containsExactly(1, 0x07, 0, 440, 5060);
    }
}
