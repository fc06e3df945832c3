package dev.vigil.protocol.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.protocol.DecodeEventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** jqwik: any stream cut into arbitrary segments frames into the same messages as in one piece, never throwing. */
class DnsTcpFramerProperties {
    @Property(tries = 1000)
    void segmentationDoesNotChangeTheMessages(@ForAll @Size(max = 600) byte[] stream, @ForAll long seed) {
        assertThat(frame(stream, new Random(seed), true)).isEqualTo(frame(stream, null, false));
    }

    private static List<String> frame(byte[] stream, Random cuts, boolean split) {
        List<String> out = new ArrayList<>();
        DnsTcpFramer f = new DnsTcpFramer().reset(new DnsTcpFramer.Sink() {
            @Override
            public void onMessage(DirectBuffer buffer, int offset, int length) {
                byte[] b = new byte[length];
                buffer.getBytes(offset, b, 0, length);
                out.add(java.util.Arrays.toString(b));
            }

            @Override
            public void onEvent(DecodeEventType type) {
                out.add(type.key());
            }
        });
        UnsafeBuffer buf = new UnsafeBuffer(stream);
        int p = 0;
        while (p < stream.length) {
            int n = split ? 1 + cuts.nextInt(Math.min(64, stream.length - p)) : stream.length - p;
            f.onData(buf, p, n);
            p += n;
        }
        f.flush();
        return out;
    }
}
