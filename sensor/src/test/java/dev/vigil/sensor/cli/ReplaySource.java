package dev.vigil.sensor.cli;

import dev.vigil.sensor.capture.CaptureFileReader;
import dev.vigil.sensor.capture.LiveCapture;
import dev.vigil.sensor.capture.PacketHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A packet source for daemon tests: the packets of a capture file, delivered like a live
 * capture on the daemon's thread in the chunks the test releases, then nothing until stopped.
 */
final class ReplaySource implements Daemon.Source {
    record Packet(int linkType, long ts, byte[] data, int originalLength) {
    }

    final List<Packet> packets = new ArrayList<>();
    private final Semaphore release = new Semaphore(0);
    private volatile boolean stopped;
    private volatile boolean closed;
    private volatile long delivered;

    ReplaySource(Path file) throws IOException, dev.vigil.sensor.capture.CaptureFileException {
        try (CaptureFileReader reader = CaptureFileReader.open(file)) {
            reader.read((frame, ifid, linkType, ts, buffer, offset, cap, orig) -> {
                byte[] data = new byte[cap];
                buffer.getBytes(offset, data);
                packets.add(new Packet(linkType, ts, data, orig));
                return true;
            });
        }
    }

    /** Lets the next {@code n} packets through. */
    void release(int n) {
        release.release(n);
    }

    long delivered() {
        return delivered;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public String name() {
        return "replay0";
    }

    @Override
    public int linkType() {
        return packets.isEmpty() ? 1 : packets.get(0).linkType();
    }

    @Override
    public String filter() {
        return null;
    }

    @Override
    public void run(PacketHandler handler) throws IOException {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
        int i = 0;
        while (!stopped) {
            try {
                if (i < packets.size() && release.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                    Packet p = packets.get(i++);
                    buffer.wrap(p.data());
                    handler.onPacket(i, 0, p.linkType(), p.ts(), buffer, 0, p.data().length, p.originalLength());
                    delivered = i;
                } else if (i >= packets.size()) {
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public LiveCapture.Stats stats() {
        return new LiveCapture.Stats(delivered, 0, 0, 0, delivered);
    }

    @Override
    public void close() {
        stopped = true;
        closed = true;
    }
}
