package dev.vigil.protocol.dns;

import static dev.vigil.protocol.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.DecodeEventType;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The 2-byte length framing of DNS over TCP (RFC 1035 section 4.2.2), fed byte ranges as TCP delivers them. */
class DnsTcpFramerTest {
    private final List<String> out = new ArrayList<>();
    private final DnsTcpFramer framer = new DnsTcpFramer().reset(new DnsTcpFramer.Sink() {
        @Override
        public void onMessage(DirectBuffer buffer, int offset, int length) {
            StringBuilder s = new StringBuilder("msg");
            for (int i = 0; i < length; i++) {
                s.append(String.format(" %02x", buffer.getByte(offset + i)));
            }
            out.add(s.toString());
        }

        @Override
        public void onEvent(DecodeEventType type) {
            out.add(type.key());
        }
    });

    private void feed(String hexBytes) {
        byte[] b = hex(hexBytes);
        framer.onData(new UnsafeBuffer(b), 0, b.length);
    }

    @Test
    void messagesSplitAndJoinedAcrossSegments() {
        feed("00");              // first byte of the length prefix
        feed("03 aa bb");        // rest of the prefix (3), two bytes of the message
        feed("cc 0002 dd ee");   // last byte; then a whole second message
        assertThat(out).containsExactly("msg aa bb cc", "msg dd ee");
    }

    @Test
    void largeMessageGrowsTheBuffer() {
        byte[] m = new byte[2 + 3000];
        m[0] = (byte) (3000 >> 8);
        m[1] = (byte) 3000;
        m[2 + 2999] = 0x7f;
        framer.onData(new UnsafeBuffer(m), 0, m.length);
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).endsWith(" 7f");
    }

    @Test
    void emptyMessage_zeroLengthPrefix() {
        feed("0000 0001 ff");    // zero length, then a one-byte message
        assertThat(out).containsExactly("dns.tcp_empty_message", "msg ff");
    }

    @Test
    void incomplete_gapAndFlowEnd() {
        feed("0005 01 02");      // 2 of 5 bytes
        framer.flush();          // the flow ends
        assertThat(out).containsExactly("dns.tcp_incomplete");
        out.clear();
        feed("0005 01");
        framer.onGap(100);       // the stream loses bytes: framing is lost for good
        feed("0001 ff");
        assertThat(out).containsExactly("dns.tcp_incomplete");
        assertThat(framer.failed()).isTrue();
    }
}
