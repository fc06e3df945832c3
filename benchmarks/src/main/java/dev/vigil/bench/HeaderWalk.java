package dev.vigil.bench;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The reading ceiling of the end-to-end harness: a bare memory-mapped walk over a classic pcap
 * file's record headers and each frame's Ethernet/IPv4/UDP ports, summed so the JIT keeps the
 * work. No pipeline, no events. {@code java -cp benchmarks.jar dev.vigil.bench.HeaderWalk FILE}
 */
public final class HeaderWalk {
    private static final long WINDOW = 1L << 30;

    private HeaderWalk() {
    }

    public static void main(String[] args) throws IOException {
        long packets = 0;
        long sum = 0;
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ)) {
            long size = ch.size();
            long pos = 24;
            while (pos + 16 <= size) {
                long len = Math.min(WINDOW, size - pos);
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, pos, len);
                m.order(ByteOrder.LITTLE_ENDIAN);
                int p = 0;
                while (p + 16 <= len) {
                    int incl = m.getInt(p + 8);
                    if (p + 16 + incl > len) {
                        break;
                    }
                    int f = p + 16;
                    if (incl >= 42 && (m.get(f + 12) & 0xFF) == 0x08 && m.get(f + 13) == 0) {
                        int ihl = (m.get(f + 14) & 0x0F) * 4;
                        sum += (m.get(f + 14 + ihl) & 0xFF) + (m.get(f + 16 + ihl) & 0xFF);
                    }
                    packets++;
                    p += 16 + incl;
                }
                if (p == 0) {
                    break;
                }
                pos += p;
            }
        }
        System.out.println(packets + " packets (" + sum + ")");
    }
}
