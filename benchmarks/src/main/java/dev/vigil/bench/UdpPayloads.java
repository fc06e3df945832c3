package dev.vigil.bench;

import dev.vigil.protocol.PacketDecoder;
import dev.vigil.protocol.PacketView;
import dev.vigil.sensor.capture.CaptureFileException;
import dev.vigil.sensor.capture.CaptureFileReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The UDP payloads of one protocol taken from captures: each frame is decoded with
 * {@link PacketDecoder} and, when a {@link Selector} accepts its {@link PacketView}, the bytes
 * {@code [payloadOffset, payloadOffset + payloadLength)} are copied back to back into one heap
 * buffer, with their offsets, lengths and "cut by the capture" flags. Setup code only: it
 * allocates freely. IP fragments are skipped (the applications see reassembled datagrams).
 */
public final class UdpPayloads {
    /** Chooses the frames whose UDP payload is a message of the protocol; may keep state across frames. */
    public interface Selector {
        boolean select(PacketView v, DirectBuffer frame);
    }

    /** The application's rule for "the capture cut this datagram" (its {@code cut} argument). */
    public interface CutRule {
        boolean cut(PacketView v, DirectBuffer frame);
    }

    /** The rule of the TFTP and DHCP applications: the IP datagram was captured shorter than its total length. */
    public static final CutRule IP_CUT = (v, f) -> v.l3Length < v.ipTotalLength;

    public final UnsafeBuffer buffer;
    public final int count;
    public final int[] offset;
    public final int[] length;
    public final boolean[] cut;
    /** Files read, in order. */
    public final List<Path> files;

    private UdpPayloads(UnsafeBuffer buffer, int count, int[] offset, int[] length, boolean[] cut, List<Path> files) {
        this.buffer = buffer;
        this.count = count;
        this.offset = offset;
        this.length = length;
        this.cut = cut;
        this.files = files;
    }

    /** The {@code *.pcap} and {@code *.pcapng} files of a directory, sorted by name. */
    public static List<Path> captures(String directory) {
        Path dir = Path.of(directory);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("corpus directory " + dir.toAbsolutePath() + " is missing (run the"
                    + " benchmarks from the repository root; the corpus is ../shared/corpus)");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Extracts the selected UDP payloads of {@code files}, in file order; fails when there is none. */
    public static UdpPayloads extract(List<Path> files, Selector selector, CutRule cutRule) throws CaptureFileException {
        PacketDecoder decoder = new PacketDecoder();
        PacketView view = new PacketView();
        byte[][] data = {new byte[1 << 20]};
        int[] used = {0};
        List<int[]> meta = new ArrayList<>();   // offset, length, cut
        for (Path file : files) {
            try (CaptureFileReader reader = CaptureFileReader.open(file)) {
                reader.read((frame, iface, linkType, time, buffer, off, captured, original) -> {
                    decoder.decode(buffer, off, captured, original, linkType, view);
                    if (view.status != PacketView.STATUS_OK || view.ipProtocol != 17 || view.fragment
                            || !selector.select(view, buffer)) {
                        return true;
                    }
                    int n = view.payloadLength;
                    if (used[0] + n > data[0].length) {
                        data[0] = Arrays.copyOf(data[0], Math.max(data[0].length * 2, used[0] + n));
                    }
                    buffer.getBytes(view.payloadOffset, data[0], used[0], n);
                    meta.add(new int[] {used[0], n, cutRule.cut(view, buffer) ? 1 : 0});
                    used[0] += n;
                    return true;
                });
            }
        }
        int count = meta.size();
        if (count == 0) {
            throw new IllegalStateException("no message selected in " + files);
        }
        int[] offset = new int[count];
        int[] length = new int[count];
        boolean[] cut = new boolean[count];
        for (int i = 0; i < count; i++) {
            int[] m = meta.get(i);
            offset[i] = m[0];
            length[i] = m[1];
            cut[i] = m[2] != 0;
        }
        // exact-size heap copy: a payload ends where the buffer ends only if it is the last one
        return new UdpPayloads(new UnsafeBuffer(Arrays.copyOf(data[0], used[0])), count, offset, length, cut,
                List.copyOf(files));
    }

    /** Payload bytes in total. */
    public long bytes() {
        long b = 0;
        for (int i = 0; i < count; i++) {
            b += length[i];
        }
        return b;
    }
}
