package dev.vigil.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Map;

import dev.vigil.protocol.testing.SeedFrames;
import dev.vigil.protocol.testing.SeedFrames.Seed;
import dev.vigil.protocol.testing.ViewSnapshot;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Every corpus and hand-built frame decodes to the same view over heap and direct memory. */
class HeapDirectBufferTest {
    @Test
    void heapAndDirectBuffersGiveIdenticalViews() {
        PacketDecoder decoder = new PacketDecoder();
        PacketView heapView = new PacketView();
        PacketView directView = new PacketView();
        int frames = 0;
        for (Seed s : SeedFrames.all()) {
            byte[] f = s.frame();
            decoder.decode(new UnsafeBuffer(f), 0, f.length, f.length, s.linkType(), heapView);
            Map<String, Object> heap = ViewSnapshot.of(heapView);

            ByteBuffer bb = ByteBuffer.allocateDirect(f.length + 100);
            UnsafeBuffer direct = new UnsafeBuffer(bb);
            direct.setMemory(0, bb.capacity(), (byte) 0xEE);    // a reused slot: stale bytes around
            direct.putBytes(37, f);
            decoder.decode(direct, 37, f.length, f.length, s.linkType(), directView);
            assertThat(ViewSnapshot.of(directView)).as(s.name()).isEqualTo(heap);
            assertThat(directView.frameOffset).isEqualTo(37);
            if (directView.l4Offset >= 0) {
                assertThat(directView.l4Offset).isEqualTo(heapView.l4Offset + 37);
            }
            frames++;
        }
        assertThat(frames).isGreaterThan(SeedFrames.handBuilt().size());
    }
}
