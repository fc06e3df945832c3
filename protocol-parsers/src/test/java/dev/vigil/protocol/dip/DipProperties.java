package dev.vigil.protocol.dip;

import dev.vigil.protocol.reassembly.TcpReassembler;
import dev.vigil.protocol.reassembly.TcpReassemblyConfig;
import dev.vigil.protocol.reassembly.TcpSegmentPool;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arbitrary and mutated bytes never make the DIP parser or framer throw, every offset of the
 * view stays inside the parsed bytes, heap and direct buffers give the same view, and a
 * terminated stream frames to the same messages however it is segmented.
 */
class DipProperties {
    private static final String[] SEEDS = {
        "2 con 2 \"102\" \"Gate 2\" 1a ee48 1 ee5c 2 ee70 3 1389 239.192.1.0 0013cb14000a",
        "0 stu 0013cb140102 \"IP Station\" \"7.6.3.2\"",
        "4 auc ee48 0 a0 1a 1",
        "1 agc 1 1 239.192.1.1 0 19 0013cb14000a",
        "a ind stl \"say \\\"hi\\\"\"",
        "2 ping",
    };

    private final DipParser parser = new DipParser(8);

    @Provide
    Arbitrary<byte[]> mutatedMessages() {
        return Arbitraries.of(SEEDS).flatMap(s -> Arbitraries.longs().map(seed -> mutate(s, seed)));
    }

    static byte[] mutate(String s, long seed) {
        Random r = new Random(seed);
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits; i++) {
            switch (r.nextInt(4)) {
                case 0 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                case 1 -> b[r.nextInt(b.length)] = (byte) "\" \\\r\n\0".charAt(r.nextInt(6));
                case 2 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
                default -> {
                    byte[] longer = java.util.Arrays.copyOf(b, b.length + r.nextInt(700));
                    java.util.Arrays.fill(longer, b.length, longer.length, (byte) (r.nextBoolean() ? ' ' : 'a'));
                    b = longer;
                }
            }
            if (b.length == 0) {
                break;
            }
        }
        return b;
    }

    @Property(tries = 2000)
    void arbitraryBytesNeverThrowAndStayInBounds(@ForAll @Size(max = 700) byte[] bytes,
                                                 @ForAll @IntRange(max = 40) int at) {
        check(bytes, at);
    }

    @Property(tries = 2000)
    void mutatedMessagesNeverThrowAndStayInBounds(@ForAll("mutatedMessages") byte[] bytes,
                                                  @ForAll @IntRange(max = 40) int at) {
        check(bytes, at);
    }

    private void check(byte[] bytes, int at) {
        byte[] heapBytes = new byte[at + bytes.length + 16];
        java.util.Arrays.fill(heapBytes, (byte) '"'); // stale bytes around the message must not be read
        System.arraycopy(bytes, 0, heapBytes, at, bytes.length);
        DipView v = parser.parse(new UnsafeBuffer(heapBytes), at, bytes.length);
        String heap = snapshot(v, at, bytes.length);

        ByteBuffer d = ByteBuffer.allocateDirect(heapBytes.length);
        d.put(heapBytes);
        String direct = snapshot(parser.parse(new UnsafeBuffer(d), at, bytes.length), at, bytes.length);
        assertThat(direct).isEqualTo(heap);
    }

    /** Checks the view's invariants and returns a description of it. */
    private static String snapshot(DipView v, int at, int length) {
        int end = at + Math.min(length, DipParser.MAX_MESSAGE_LENGTH);
        assertThat(v.length()).isLessThanOrEqualTo(DipParser.MAX_MESSAGE_LENGTH);
        assertThat(v.paramCount()).isLessThanOrEqualTo(8).isLessThanOrEqualTo(v.totalParams());
        StringBuilder sb = new StringBuilder().append(v.ref()).append('|').append(v.command()).append('|');
        if (v.hasCommand()) {
            assertThat(v.commandOffset()).isBetween(at, end);
            assertThat(v.commandOffset() + v.commandLength()).isLessThanOrEqualTo(end);
        }
        for (int i = 0; i < v.paramCount(); i++) {
            assertThat(v.paramOffset(i)).isBetween(at, end - 1);
            assertThat(v.paramOffset(i) + v.paramLength(i)).isLessThanOrEqualTo(end);
            assertThat(v.paramLength(i)).isPositive();
            sb.append(v.paramRaw(i)).append('|').append(v.paramText(i)).append('|').append(v.paramHex(i))
                    .append('|').append(v.paramIsIpv4(i)).append('|');
        }
        for (int i = 0; i < v.eventCount(); i++) {
            sb.append(v.event(i).key()).append(',');
        }
        return sb.toString();
    }

    @Provide
    Arbitrary<List<String>> messageLists() {
        Arbitrary<String> msg = Arbitraries.oneOf(Arbitraries.of(SEEDS),
                Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(80)
                        .filter(s -> !s.isBlank()));
        return msg.list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 300)
    void terminatedStreamsFrameAlikeHoweverSegmented(@ForAll("messageLists") List<String> messages,
                                                     @ForAll long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        for (String m : messages) {
            sb.append(m).append(r.nextBoolean() ? "\r\n" : "\n");
        }
        byte[] stream = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        TcpReassemblyConfig cfg = TcpReassemblyConfig.builder().pageSize(1024).maxBufferedBytes(16 * 1024).build();
        TcpReassembler reassembler = new TcpReassembler(cfg, new TcpSegmentPool(cfg));
        List<String> got = new ArrayList<>();
        DipStreamFramer framer = new DipStreamFramer().reset(new DipStreamFramer.Sink() {
            @Override
            public void onMessage(DirectBuffer buffer, int offset, int length, int messageLength, boolean incomplete) {
                byte[] b = new byte[length];
                buffer.getBytes(offset, b);
                got.add(new String(b, StandardCharsets.ISO_8859_1));
            }
        });
        // cut into random segments, some delivered out of order
        List<int[]> segs = new ArrayList<>();
        for (int p = 0; p < stream.length; ) {
            int n = Math.min(stream.length - p, 1 + r.nextInt(60));
            segs.add(new int[] {p, p + n});
            p += n;
        }
        for (int i = 0; i + 1 < segs.size(); i++) {
            if (r.nextInt(4) == 0) {
                java.util.Collections.swap(segs, i, i + 1);
            }
        }
        UnsafeBuffer packet = new UnsafeBuffer(new byte[stream.length + 64]);
        long isn = r.nextLong() & 0xFFFF_FFFFL;
        reassembler.onSegment(isn, TcpReassembler.FLAG_SYN, packet, 0, 0, framer);
        for (int[] s : segs) {
            packet.putBytes(64 - 10, stream, s[0], s[1] - s[0]);
            reassembler.onSegment((isn + 1 + s[0]) & 0xFFFF_FFFFL, 0x10, packet, 54, s[1] - s[0], framer);
        }
        reassembler.flush(framer);
        framer.flush();
        // the first message may have been framed by rule 2 before a terminator was seen
        List<String> expected = new ArrayList<>(messages);
        if (!got.equals(expected)) {
            assertThat(String.join("\n", got).replace("\n", "")).isEqualTo(String.join("", expected));
            assertThat(got.size()).isGreaterThanOrEqualTo(expected.size());
        }
    }
}
