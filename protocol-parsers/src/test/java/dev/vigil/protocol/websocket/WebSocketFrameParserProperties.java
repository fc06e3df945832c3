package dev.vigil.protocol.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.DecodeEventType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Arbitrary bytes in arbitrary segments never throw and messages stay within the cap; a message
 * framed by a valid encoder (any fragmentation, any mask) comes out unchanged whatever the
 * segmentation of the stream.
 */
class WebSocketFrameParserProperties {
    @Property(tries = 2000)
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 400) byte[] b, @ForAll @IntRange(min = 1, max = 64) int step,
                                  @ForAll boolean fromClient, @ForAll @IntRange(max = 3) int gapAt) {
        int cap = 100;
        WebSocketFrameParser p = new WebSocketFrameParser(fromClient, cap);
        List<Integer> sizes = new ArrayList<>();
        p.reset(new WebSocketFrameParser.Sink() {
            @Override
            public void onMessage(int opcode, byte[] m, int off, int len) {
                assertThat(opcode).isIn(WebSocketFrameParser.OPCODE_TEXT, WebSocketFrameParser.OPCODE_BINARY);
                assertThat(off + len).isLessThanOrEqualTo(m.length);
                sizes.add(len);
            }

            @Override
            public void onEvent(DecodeEventType type) {
            }
        });
        UnsafeBuffer u = new UnsafeBuffer(b);
        for (int i = 0, n = 0; i < b.length; i += step, n++) {
            if (n == gapAt) {
                p.onGap(step);
            }
            p.onData(u, i, Math.min(step, b.length - i));
        }
        p.finish();
        assertThat(sizes).allMatch(s -> s <= cap);
    }

    @Property(tries = 500)
    void framedMessagesSurviveAnySegmentation(@ForAll @StringLength(max = 300) String text,
                                              @ForAll @IntRange(min = 1, max = 40) int fragment,
                                              @ForAll @IntRange(min = 1, max = 50) int step,
                                              @ForAll int key) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        byte[] k = {(byte) (key >>> 24), (byte) (key >>> 16), (byte) (key >>> 8), (byte) key};
        List<byte[]> frames = new ArrayList<>();
        int pos = 0;
        do {
            int n = Math.min(fragment, data.length - pos);
            boolean fin = pos + n >= data.length;
            String piece = new String(data, pos, n, StandardCharsets.ISO_8859_1);
            frames.add(WebSocketFrameParserTest.masked(pos == 0 ? 1 : 0, fin, piece, k));
            if (pos == 0 && !fin) {
                frames.add(WebSocketFrameParserTest.masked(0x9, true, "ping", k)); // a control frame between
            }
            pos += n;
        } while (pos < data.length);
        byte[] stream = dev.vigil.protocol.testing.Hex.concat(frames.toArray(new byte[0][]));
        List<byte[]> out = new ArrayList<>();
        WebSocketFrameParser p = new WebSocketFrameParser(true, 1024);
        p.reset(new WebSocketFrameParser.Sink() {
            @Override
            public void onMessage(int opcode, byte[] m, int off, int len) {
                out.add(java.util.Arrays.copyOfRange(m, off, off + len));
            }

            @Override
            public void onEvent(DecodeEventType type) {
                throw new AssertionError(type.key());
            }
        });
        UnsafeBuffer u = new UnsafeBuffer(stream);
        for (int i = 0; i < stream.length; i += step) {
            p.onData(u, i, Math.min(step, stream.length - i));
        }
        assertThat(out).hasSize(1);
        assertThat(out.get(0)).isEqualTo(data);
    }
}
