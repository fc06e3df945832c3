package dev.vigil.protocol.reassembly;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.DirectBuffer;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Test listener: records delivered bytes, gaps (as a "gap:N" trace entry) and events. */
final class StreamCollector implements StreamListener {
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    final List<String> trace = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final List<DirectBuffer> buffers = new ArrayList<>();
    /** Stream position of every delivered chunk start, counting gaps, to check positions. */
    long position;
    boolean fin;
    int finCalls;
    /** Optional original stream to check every delivered byte against its position. */
    byte[] original;
    int mispositioned;

    @Override
    public void onData(DirectBuffer buf, int offset, int length) {
        byte[] chunk = new byte[length];
        buf.getBytes(offset, chunk);
        data.writeBytes(chunk);
        trace.add(new String(chunk, java.nio.charset.StandardCharsets.ISO_8859_1));
        buffers.add(buf);
        if (original != null) {
            for (int i = 0; i < length; i++) {
                long p = position + i;
                if (p >= original.length || original[(int) p] != chunk[i]) {
                    mispositioned++;
                }
            }
        }
        position += length;
    }

    @Override
    public void onGap(long missingBytes) {
        trace.add("gap:" + missingBytes);
        position += missingBytes;
    }

    @Override
    public void onFin() {
        fin = true;
        finCalls++;
        trace.add("fin");
    }

    @Override
    public void onEvent(DecodeEventType type) {
        events.add(type.key());
    }

    byte[] bytes() {
        return data.toByteArray();
    }

    String text() {
        return new String(bytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
