package dev.vigil.sensor.capture;

import java.io.IOException;
import java.sql.Timestamp;
import java.util.Objects;
import org.agrona.concurrent.UnsafeBuffer;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;
import org.pcap4j.core.RawPacketListener;

/**
 * Captures packets from a network interface through libpcap (pcap4j) and hands them to a
 * {@link PacketHandler}. Receive only: this class never sends a packet.
 *
 * <p>Uses {@code pcap_loop} with a raw listener (pcap4j's packet factory and the pull calls are
 * 4-8x slower, see NOTES-infra); each packet arrives as the byte array pcap4j copies it into,
 * which the handler sees through a reused {@link UnsafeBuffer} at offset 0. Timestamps come
 * from libpcap with nanosecond precision when the platform supports it, else microseconds.
 * The link type is {@code pcap_datalink} of the handle (a DLT_ value; equal to the LINKTYPE_
 * value for the link types vigil decodes, DLT_RAW 12 included).
 *
 * <p>Threading: {@link #run} blocks the calling thread (the capture thread) until
 * {@link #stop()} is called from any thread; {@link #stats()} may be called from any thread.
 * {@link #close()} stops a running capture and waits for it before freeing the handle.
 *
 * <p>Record format of what libpcap returns: https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap
 * (the same per-packet header as a pcap file record).
 */
public final class LiveCapture implements AutoCloseable {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private final String interfaceName;
    private final PcapHandle handle;
    private final int linkType;
    private final boolean nanosecondTimestamps;
    private final String filter;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private final Object runLock = new Object();

    private volatile boolean stopRequested;
    private volatile boolean running;
    private volatile boolean closed;
    /** Written by the capture thread only. */
    private volatile long packets;
    private volatile long handlerDropped;
    private volatile Stats lastStats = new Stats(0, 0, 0, 0, 0);

    /** Capture settings; the defaults suit a mirror port. */
    public static final class Options {
        private int snaplen = CaptureFileReader.MAX_CAPTURED_LENGTH;
        private boolean promiscuous = true;
        private boolean immediate = true;
        private int bufferSize = 32 << 20;
        private int timeoutMillis = 100;
        private String filter;

        public static Options defaults() {
            return new Options();
        }

        /** Bytes kept of each packet (default 262144). */
        public Options snaplen(int snaplen) {
            if (snaplen <= 0) {
                throw new IllegalArgumentException("snaplen must be positive: " + snaplen);
            }
            this.snaplen = snaplen;
            return this;
        }

        /** Promiscuous mode (default on). */
        public Options promiscuous(boolean promiscuous) {
            this.promiscuous = promiscuous;
            return this;
        }

        /** Immediate mode: deliver each packet as it arrives instead of in buffer batches (default on). */
        public Options immediate(boolean immediate) {
            this.immediate = immediate;
            return this;
        }

        /** Kernel capture buffer in bytes (default 32 MiB). */
        public Options bufferSize(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("buffer size must be positive: " + bytes);
            }
            this.bufferSize = bytes;
            return this;
        }

        /** Read timeout in milliseconds (default 100). */
        public Options timeoutMillis(int millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("timeout must not be negative: " + millis);
            }
            this.timeoutMillis = millis;
            return this;
        }

        /** BPF filter expression (tcpdump syntax), null or blank for none. */
        public Options filter(String expression) {
            this.filter = expression == null || expression.isBlank() ? null : expression;
            return this;
        }
    }

    /**
     * Counters of a capture. {@code received}, {@code dropped} and {@code interfaceDropped} are
     * libpcap's {@code pcap_stats} (ps_recv, ps_drop: no room in the kernel buffer, ps_ifdrop:
     * dropped by the interface or driver); {@code handlerDropped} counts packets for which the
     * handler returned false; {@code packets} counts packets delivered to the handler.
     */
    public record Stats(long received, long dropped, long interfaceDropped, long handlerDropped, long packets) {
    }

    private LiveCapture(String interfaceName, PcapHandle handle, String filter) {
        this.interfaceName = interfaceName;
        this.handle = handle;
        this.filter = filter;
        this.linkType = handle.getDlt().value();
        this.nanosecondTimestamps = handle.getTimestampPrecision() == PcapHandle.TimestampPrecision.NANO;
    }

    /**
     * Opens an interface for capture.
     *
     * @throws IllegalArgumentException when the interface does not exist or the filter does not compile
     * @throws IllegalStateException    when libpcap is not installed
     * @throws IOException              when libpcap cannot open the interface (permissions, interface down ...)
     */
    public static LiveCapture open(String interfaceName, Options options) throws IOException {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(options, "options");
        try {
            return openHandle(interfaceName, options);
        } catch (UnsatisfiedLinkError e) {
            throw libpcapMissing(e);
        } catch (NoClassDefFoundError e) {
            // NativeMappings failed to initialise earlier in this JVM
            if (String.valueOf(e.getMessage()).contains("pcap4j")) {
                throw libpcapMissing(e);
            }
            throw e;
        }
    }

    private static LiveCapture openHandle(String interfaceName, Options options) throws IOException {
        PcapNetworkInterface device;
        try {
            device = Pcaps.getDevByName(interfaceName);
        } catch (PcapNativeException e) {
            throw new IOException("cannot list capture interfaces: " + e.getMessage(), e);
        }
        if (device == null) {
            throw new IllegalArgumentException("no such capture interface: " + interfaceName);
        }
        PcapHandle handle;
        try {
            handle = builder(interfaceName, options).timestampPrecision(PcapHandle.TimestampPrecision.NANO).build();
        } catch (PcapNativeException e) {
            if (!String.valueOf(e.getMessage()).contains("tstamp_precision")) {
                throw new IOException("cannot open interface " + interfaceName + ": " + e.getMessage(), e);
            }
            // a libpcap without pcap_set_tstamp_precision: microseconds
            try {
                handle = builder(interfaceName, options).build();
            } catch (PcapNativeException e2) {
                throw new IOException("cannot open interface " + interfaceName + ": " + e2.getMessage(), e2);
            }
        }
        try {
            if (options.filter != null) {
                try {
                    handle.setFilter(options.filter, BpfProgram.BpfCompileMode.OPTIMIZE);
                } catch (PcapNativeException e) {
                    throw new IllegalArgumentException("invalid BPF filter \"" + options.filter + "\" on "
                            + interfaceName + ": " + e.getMessage(), e);
                }
            }
            return new LiveCapture(interfaceName, handle, options.filter);
        } catch (NotOpenException e) {
            handle.close();
            throw new IOException("capture handle of " + interfaceName + " closed unexpectedly", e);
        } catch (RuntimeException | Error e) {
            handle.close();
            throw e;
        }
    }

    private static PcapHandle.Builder builder(String interfaceName, Options options) {
        return new PcapHandle.Builder(interfaceName)
                .snaplen(options.snaplen)
                .promiscuousMode(options.promiscuous
                        ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                        : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                .immediateMode(options.immediate)
                .bufferSize(options.bufferSize)
                .timeoutMillis(options.timeoutMillis);
    }

    private static IllegalStateException libpcapMissing(Throwable cause) {
        return new IllegalStateException("libpcap not found: install libpcap0.8 (" + cause.getMessage() + ")", cause);
    }

    /**
     * Delivers packets to the handler on the calling thread until {@link #stop()} is called
     * (returns normally then). Frame numbers start at 1 and continue across calls.
     *
     * @throws IOException when libpcap reports an error (interface gone, ...)
     */
    public void run(PacketHandler handler) throws IOException {
        Objects.requireNonNull(handler, "handler");
        synchronized (runLock) {
            if (closed) {
                throw new IllegalStateException("capture closed: " + interfaceName);
            }
            if (running) {
                throw new IllegalStateException("capture already running: " + interfaceName);
            }
            running = true;
        }
        try {
            if (stopRequested) {
                return;
            }
            Listener listener = new Listener(handler);
            try {
                handle.loop(-1, listener);
            } catch (InterruptedException e) {
                // pcap4j reports pcap_breakloop this way: a normal stop, not a thread interrupt
            } catch (PcapNativeException e) {
                throw new IOException("capture on " + interfaceName + " failed: " + e.getMessage(), e);
            } catch (NotOpenException e) {
                if (!stopRequested) {
                    throw new IOException("capture handle of " + interfaceName + " closed", e);
                }
            } finally {
                packets = listener.frame;
                handlerDropped = listener.dropped;
            }
        } finally {
            synchronized (runLock) {
                running = false;
                runLock.notifyAll();
            }
        }
    }

    /** Makes {@link #run} return (soon: within the read timeout at most). Any thread; idempotent. */
    public void stop() {
        stopRequested = true;
        try {
            if (handle.isOpen()) {
                handle.breakLoop();
            }
        } catch (NotOpenException e) {
            // closed concurrently: nothing to stop
        }
    }

    /** Kernel and handler counters; callable from any thread, also after {@link #close()}. */
    public Stats stats() {
        if (!closed) {
            refreshKernelStats();
        }
        Stats last = lastStats;
        return new Stats(last.received(), last.dropped(), last.interfaceDropped(), handlerDropped, packets);
    }

    private void refreshKernelStats() {
        try {
            if (handle.isOpen()) {
                PcapStat s = handle.getStats();
                lastStats = new Stats(s.getNumPacketsReceived(), s.getNumPacketsDropped(),
                        s.getNumPacketsDroppedByIf(), handlerDropped, packets);
            }
        } catch (PcapNativeException | NotOpenException e) {
            // keep the last kernel figures
        }
    }

    /** LINKTYPE/DLT value of the interface. */
    public int linkType() {
        return linkType;
    }

    /** True when libpcap delivers nanosecond timestamps. */
    public boolean nanosecondTimestamps() {
        return nanosecondTimestamps;
    }

    public String interfaceName() {
        return interfaceName;
    }

    /** The BPF filter in force, or null. */
    public String filter() {
        return filter;
    }

    /** Stops a running capture, waits for {@link #run} to return (a few seconds at most) and frees the handle. */
    @Override
    public void close() {
        synchronized (runLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stop();
        synchronized (runLock) {
            long deadline = System.currentTimeMillis() + CLOSE_WAIT_MILLIS;
            while (running) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    // still inside pcap_loop: freeing the handle now would crash it; leak it instead
                    return;
                }
                try {
                    runLock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        refreshKernelStats();
        handle.close();
    }

    /** The raw listener: one per {@link #run}; nothing allocated here per packet beyond what pcap4j does. */
    private final class Listener implements RawPacketListener {
        private final PacketHandler handler;
        long frame = packets;
        long dropped = handlerDropped;

        Listener(PacketHandler handler) {
            this.handler = handler;
        }

        @Override
        public void gotPacket(byte[] packet) {
            long n = ++frame;
            Timestamp ts = handle.getTimestamp();
            long nanos = ts == null ? System.currentTimeMillis() * 1_000_000L
                    : Math.floorDiv(ts.getTime(), 1000L) * NANOS_PER_SECOND + ts.getNanos();
            Integer original = handle.getOriginalLength();
            buffer.wrap(packet);
            if (!handler.onPacket(n, 0, linkType, nanos, buffer, 0, packet.length,
                    original == null ? packet.length : original)) {
                dropped++;
                handlerDropped = dropped;
            }
            packets = n;
        }
    }
}
