package dev.vigil.protocol.dip;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.reassembly.TcpReassembler;
import dev.vigil.protocol.reassembly.TcpReassemblyConfig;
import dev.vigil.protocol.reassembly.TcpSegmentPool;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The framing rule of {@link DipStreamFramer}, alone and behind a {@link TcpReassembler}. */
class DipStreamFramerTest {

    /** Records messages as text, with "+" appended when incomplete and "(N)" when longer than held. */
    static final class Collect implements DipStreamFramer.Sink {
        final List<String> messages = new ArrayList<>();
        final List<String> events = new ArrayList<>();

        @Override
        public void onMessage(DirectBuffer buffer, int offset, int length, int messageLength, boolean incomplete) {
            byte[] b = new byte[length];
            buffer.getBytes(offset, b);
            String s = new String(b, StandardCharsets.ISO_8859_1);
            if (messageLength != length) {
                s = s.length() + "/" + messageLength;
            }
            messages.add(incomplete ? s + "+" : s);
        }

        @Override
        public void onStreamEvent(DecodeEventType type) {
            events.add(type.key());
        }
    }

    private final Collect out = new Collect();
    private final DipStreamFramer framer = new DipStreamFramer().reset(out);

    private void feed(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        byte[] packet = new byte[b.length + 60];
        System.arraycopy(b, 0, packet, 60, b.length);
        framer.onData(new UnsafeBuffer(packet), 60, b.length);
    }

    @Test
    void withoutTerminatorsEachDeliveredBlockIsOneMessage() {
        // what the demo capture does: one message per segment, no CR, LF or NUL
        feed("0 stu 0013cb140102 \"IP Station\" \"7.6.3.2\"");
        feed("2 ping");
        assertThat(out.messages).containsExactly("0 stu 0013cb140102 \"IP Station\" \"7.6.3.2\"", "2 ping");
        assertThat(framer.terminatorMode()).isFalse();
        framer.flush();
        assertThat(out.messages).hasSize(2);
    }

    @Test
    void terminatorsSplitSeveralMessagesInOneSegment() {
        feed("2 ping\r\n3 ping\n4 aue\0");
        assertThat(out.messages).containsExactly("2 ping", "3 ping", "4 aue");
        assertThat(framer.terminatorMode()).isTrue();
    }

    @Test
    void aMessageSplitOverSegmentsIsJoinedOnceTerminatorsAreKnown() {
        feed("2 ping\n");
        feed("2 con 2 \"10");
        feed("2\" \"Gate 2\"");
        assertThat(out.messages).containsExactly("2 ping");
        assertThat(framer.pendingBytes()).isEqualTo(22);
        feed(" 1a\r\n2 pi");
        assertThat(out.messages).containsExactly("2 ping", "2 con 2 \"102\" \"Gate 2\" 1a");
        framer.flush(); // end of stream: the last message had no terminator
        assertThat(out.messages).containsExactly("2 ping", "2 con 2 \"102\" \"Gate 2\" 1a", "2 pi");
    }

    @Test
    void emptyLinesAreSkipped() {
        feed("\r\n\r\n1 ping\r\n\n\0");
        assertThat(out.messages).containsExactly("1 ping");
    }

    @Test
    void aBufferedMessageKeepsItsFirst500BytesAndItsLength() {
        feed("\n");
        feed("1 x " + "a".repeat(400));
        feed("b".repeat(400) + "\n1 ping\n");
        assertThat(out.messages).containsExactly("500/804", "1 ping");
    }

    @Test
    void aGapPassesOnThePartialMessageAndResynchronisesAtTheNextTerminator() {
        feed("1 ping\n1 con 1 \"10");
        framer.onGap(30);
        feed("ame\" 1a\n1 aue\n");
        assertThat(out.messages).containsExactly("1 ping", "1 con 1 \"10+", "1 aue");
        assertThat(framer.bytesSkipped()).isEqualTo(7);
    }

    @Test
    void aGapInSegmentModeLosesNothingThatWasSeen() {
        feed("1 ping");
        framer.onGap(6);
        feed("1 aue");
        assertThat(out.messages).containsExactly("1 ping", "1 aue");
    }

    @Test
    void behindTheReassemblerSegmentsOutOfOrderAndSplitMessagesComeOutWhole() {
        TcpReassemblyConfig cfg = TcpReassemblyConfig.builder().pageSize(1024).maxBufferedBytes(16 * 1024).build();
        TcpReassembler r = new TcpReassembler(cfg, new TcpSegmentPool(cfg));
        byte[] stream = "1 stu a\r\n1 con 1 \"101\" \"Main Entrance\" 1a\r\n1 ping\r\n".getBytes(StandardCharsets.US_ASCII);
        long isn = 0xFFFF_FF00L; // close to the sequence wrap
        UnsafeBuffer packet = new UnsafeBuffer(new byte[200]);
        r.onSegment(isn, TcpReassembler.FLAG_SYN, packet, 0, 0, framer);
        // the first segment holds the first terminator; then a message is split and the pieces arrive out of order
        int[][] segs = {{0, 9}, {20, 40}, {9, 20}, {40, stream.length}};
        for (int[] s : segs) {
            packet.putBytes(54, stream, s[0], s[1] - s[0]);
            int flags = 0x10 | (s[1] == stream.length ? TcpReassembler.FLAG_FIN : 0);
            r.onSegment((isn + 1 + s[0]) & 0xFFFF_FFFFL, flags, packet, 54, s[1] - s[0], framer);
        }
        assertThat(out.messages).containsExactly("1 stu a", "1 con 1 \"101\" \"Main Entrance\" 1a", "1 ping");
    }

    @Test
    void beforeTheFirstTerminatorTheSegmentBoundaryRules() {
        // a known limit of the rule: until a terminator shows, a split message comes out in pieces
        feed("1 stu");
        feed(" a\r\n1 ping\r\n");
        assertThat(out.messages).containsExactly("1 stu", " a", "1 ping");
    }

    @Test
    void reassemblerGapEventsReachTheSink() {
        TcpReassemblyConfig cfg = TcpReassemblyConfig.builder().pageSize(1024).maxBufferedBytes(16 * 1024).build();
        TcpReassembler r = new TcpReassembler(cfg, new TcpSegmentPool(cfg));
        UnsafeBuffer packet = new UnsafeBuffer("1 ping\n2 pi".getBytes(StandardCharsets.US_ASCII));
        r.onSegment(100, 0x10, packet, 0, 7, framer);
        r.onSegment(200, 0x10, packet, 7, 4, framer); // 93 bytes missing before it
        r.flush(framer);
        assertThat(out.events).contains("tcp.reassembly_gap");
        assertThat(out.messages).containsExactly("1 ping");
        assertThat(framer.bytesSkipped()).as("after the gap, up to the next terminator").isEqualTo(4);
    }

    @Test
    void datagramFraming() {
        // UDP: reset, one block, flush
        framer.reset(out);
        feed("1 agc 1 1 239.192.1.1 0 19 0013cb14000a");
        framer.flush();
        framer.reset(out);
        feed("1 age 1 1 19\r\n1 age 1 1 19");
        framer.flush();
        assertThat(out.messages).containsExactly("1 agc 1 1 239.192.1.1 0 19 0013cb14000a", "1 age 1 1 19",
                "1 age 1 1 19");
    }
}
