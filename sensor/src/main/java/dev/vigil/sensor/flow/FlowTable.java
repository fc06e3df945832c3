package dev.vigil.sensor.flow;

import dev.vigil.protocol.PacketView;

/**
 * One worker's table of bidirectional flows keyed by (VLAN, IP protocol, the two address/port
 * endpoints), with idle, active and TCP-close timeouts and a hard cap. Single writer: only the
 * owning worker touches it.
 *
 * <p>Storage is struct-of-arrays, preallocated for {@code maxFlows} at construction, with an
 * open-addressing index (linear probing, backward-shift deletion, no tombstones) of twice that
 * size. Updating a flow allocates nothing. Timeouts are checked by a scan of the live flows once
 * per second of packet time ({@link #expire}), so cost is proportional to the number of flows,
 * not packets.
 *
 * <p>Direction: endpoint "source" is the sender of the first packet seen, except that a first
 * packet with SYN+ACK makes its receiver the source (the client's SYN was missed).
 */
public final class FlowTable {
    public static final int END_IDLE = 0;
    public static final int END_ACTIVE = 1;
    public static final int END_TCP_FIN = 2;
    public static final int END_TCP_RST = 3;
    public static final int END_EOF = 4;
    public static final int END_EVICTED = 5;
    private static final String[] END_NAMES = {"idle", "active", "tcp_fin", "tcp_rst", "eof", "evicted"};

    private static final int TCP = 6;
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int RST = 0x04;
    private static final int ACK = 0x10;
    private static final int EVICTION_SAMPLE = 8;

    /** Receives flows as they end; the flow's fields are readable during the call. */
    public interface Listener {
        void onFlowEnd(FlowTable table, int flow, int reason);
    }

    private final FlowConfig config;
    private final int capacity;
    private final int mask;
    private final int[] index;          // slot -> flow + 1 (0 = empty)
    private final int[] hashes;         // flow -> hash
    // key, normalised: endpoint A is the smaller (address, port)
    private final long[] aHi;
    private final long[] aLo;
    private final long[] bHi;
    private final long[] bLo;
    private final int[] ports;          // portA << 16 | portB
    private final int[] protoVlan;      // proto << 24 | outer vlan + 1 (0 = none) << 12 ... see key()
    // state
    private final boolean[] srcIsA;
    private final long[] firstNanos;
    private final long[] lastNanos;
    private final long[] lastFrame;
    private final long[] pkts;          // 2 per flow: [2f] source->destination, [2f+1] reverse
    private final long[] bytes;
    private final int[] tcpFlags;       // 2 per flow, OR of flags per direction
    private final long[] srcMac;
    private final long[] dstMac;
    private final boolean[] hasMac;
    private final int[] innerVlan;
    private final int[] ipVersion;
    private final int[] fragments;
    private final int[] tunnelType;     // PacketView.TUNNEL_* of the flow's first packet
    private final long[] tunnelId;
    private final int[] appId;          // application protocol id, set by app decoders / guess
    private final Object[] appState;    // per-flow state of the app decoder
    private final int[] live;           // dense list of live flows
    private final int[] livePos;        // flow -> position in live
    private final int[] free;           // stack of free flow ids
    private int freeTop;
    private int size;
    private int sampleCursor;

    private long evicted;
    private long created;
    private final long udpIdle;
    private final long tcpIdle;
    private final long tcpClosed;
    private final long active;

    public FlowTable(FlowConfig config) {
        this.config = config;
        this.capacity = config.maxFlows();
        int slots = Integer.highestOneBit(capacity * 2 - 1) << 1;
        this.mask = slots - 1;
        this.index = new int[slots];
        this.hashes = new int[capacity];
        this.aHi = new long[capacity];
        this.aLo = new long[capacity];
        this.bHi = new long[capacity];
        this.bLo = new long[capacity];
        this.ports = new int[capacity];
        this.protoVlan = new int[capacity];
        this.srcIsA = new boolean[capacity];
        this.firstNanos = new long[capacity];
        this.lastNanos = new long[capacity];
        this.lastFrame = new long[capacity];
        this.pkts = new long[capacity * 2];
        this.bytes = new long[capacity * 2];
        this.tcpFlags = new int[capacity * 2];
        this.srcMac = new long[capacity];
        this.dstMac = new long[capacity];
        this.hasMac = new boolean[capacity];
        this.innerVlan = new int[capacity];
        this.ipVersion = new int[capacity];
        this.fragments = new int[capacity];
        this.tunnelType = new int[capacity];
        this.tunnelId = new long[capacity];
        this.appId = new int[capacity];
        this.appState = new Object[capacity];
        this.live = new int[capacity];
        this.livePos = new int[capacity];
        this.free = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            free[i] = capacity - 1 - i;
        }
        this.freeTop = capacity;
        this.udpIdle = config.udpIdleTimeout().toNanos();
        this.tcpIdle = config.tcpIdleTimeout().toNanos();
        this.tcpClosed = config.tcpClosedTimeout().toNanos();
        this.active = config.activeTimeout().toNanos();
    }

    /**
     * A symmetric hash of the packet's flow key: both directions hash alike. The pipeline
     * computes it once per packet to pick the worker; the table uses it for its index.
     */
    public static int hash(PacketView v) {
        long x = (v.srcHi ^ v.dstHi) * 0x9E3779B97F4A7C15L;
        x ^= (v.srcLo + v.dstLo) * 0xC2B2AE3D27D4EB4FL;
        x ^= ((long) (v.srcPort ^ v.dstPort) << 32) | ((long) v.srcPort + v.dstPort) << 8 | v.ipProtocol;
        x ^= (long) v.outerVlan() << 48;
        x ^= x >>> 29;
        x *= 0xBF58476D1CE4E5B9L;
        x ^= x >>> 32;
        return (int) x;
    }

    /**
     * Finds or creates the flow of an IP packet and counts it. Returns the flow id, or -1 when the
     * packet has no IP layer. {@code direction()} tells afterwards whether it went source to
     * destination. Flows ended on the way (active timeout, eviction) go to the listener first.
     */
    public int update(PacketView v, long nowNanos, long frame, int wireLength, Listener listener) {
        if (v.ipVersion == 0) {
            return -1;
        }
        boolean srcFirst = compare(v.srcHi, v.srcLo, v.srcPort, v.dstHi, v.dstLo, v.dstPort) <= 0;
        long kaHi = srcFirst ? v.srcHi : v.dstHi;
        long kaLo = srcFirst ? v.srcLo : v.dstLo;
        long kbHi = srcFirst ? v.dstHi : v.srcHi;
        long kbLo = srcFirst ? v.dstLo : v.srcLo;
        int kPorts = srcFirst ? (v.srcPort << 16) | v.dstPort : (v.dstPort << 16) | v.srcPort;
        int kProto = (v.ipProtocol & 0xFF) << 24 | ((v.outerVlan() + 1) & 0x1FFF);
        int h = v.flowHash;
        int slot = h & mask;
        int flow;
        while (true) {
            int e = index[slot];
            if (e == 0) {
                flow = -1;
                break;
            }
            int f = e - 1;
            if (hashes[f] == h && ports[f] == kPorts && protoVlan[f] == kProto && aLo[f] == kaLo
                    && bLo[f] == kbLo && aHi[f] == kaHi && bHi[f] == kbHi) {
                flow = f;
                break;
            }
            slot = (slot + 1) & mask;
        }
        int tcpFlagsNow = v.ipProtocol == TCP ? v.tcpFlags : 0;
        if (flow >= 0 && nowNanos - firstNanos[flow] > active) {
            listener.onFlowEnd(this, flow, END_ACTIVE);
            remove(flow);
            flow = -1;
        }
        if (flow < 0) {
            if (size == capacity) {
                evictOne(listener);
            }
            flow = free[--freeTop];
            live[size] = flow;
            livePos[flow] = size;
            size++;
            created++;
            insertIndex(flow, h);
            hashes[flow] = h;
            aHi[flow] = kaHi;
            aLo[flow] = kaLo;
            bHi[flow] = kbHi;
            bLo[flow] = kbLo;
            ports[flow] = kPorts;
            protoVlan[flow] = kProto;
            boolean synAck = (tcpFlagsNow & (SYN | ACK)) == (SYN | ACK);
            // source = sender of the first packet, unless it is a SYN-ACK (then its receiver)
            boolean senderIsA = srcFirst;
            srcIsA[flow] = synAck != senderIsA;
            firstNanos[flow] = nowNanos;
            pkts[2 * flow] = pkts[2 * flow + 1] = 0;
            bytes[2 * flow] = bytes[2 * flow + 1] = 0;
            tcpFlags[2 * flow] = tcpFlags[2 * flow + 1] = 0;
            hasMac[flow] = v.hasMac;
            long sm = synAck ? v.dstMac : v.srcMac;
            long dm = synAck ? v.srcMac : v.dstMac;
            srcMac[flow] = sm;
            dstMac[flow] = dm;
            innerVlan[flow] = v.innerVlan();
            ipVersion[flow] = v.ipVersion;
            fragments[flow] = 0;
            tunnelType[flow] = v.tunnelType;
            tunnelId[flow] = v.tunnelId;
            appId[flow] = 0;
            appState[flow] = null;
        }
        int dir = (srcFirst == srcIsA[flow]) ? 0 : 1;
        lastDirection = dir;
        int k = 2 * flow + dir;
        pkts[k]++;
        bytes[k] += wireLength;
        tcpFlags[k] |= tcpFlagsNow;
        if (v.fragment) {
            fragments[flow]++;
        }
        if (nowNanos > lastNanos[flow] || pkts[2 * flow] + pkts[2 * flow + 1] == 1) {
            lastNanos[flow] = nowNanos;
        }
        lastFrame[flow] = frame;
        return flow;
    }

    private int lastDirection;

    /** Direction of the packet last passed to {@link #update}: 0 source to destination, 1 reverse. */
    public int direction() {
        return lastDirection;
    }

    /** Ends every flow idle past its timeout at {@code nowNanos}. */
    public void expire(long nowNanos, Listener listener) {
        for (int i = size - 1; i >= 0; i--) {
            int f = live[i];
            long idle = nowNanos - lastNanos[f];
            int reason = -1;
            if ((protoVlan[f] >>> 24) == TCP) {
                int flags = tcpFlags[2 * f] | tcpFlags[2 * f + 1];
                boolean rst = (flags & RST) != 0;
                boolean finBoth = (tcpFlags[2 * f] & FIN) != 0 && (tcpFlags[2 * f + 1] & FIN) != 0;
                if ((rst || finBoth) && idle >= tcpClosed) {
                    reason = rst ? END_TCP_RST : END_TCP_FIN;
                } else if (idle >= tcpIdle) {
                    reason = END_IDLE;
                }
            } else if (idle >= udpIdle) {
                reason = END_IDLE;
            }
            if (reason >= 0) {
                listener.onFlowEnd(this, f, reason);
                remove(f);
            }
        }
    }

    /** Ends every flow (end of input or shutdown), in order of their start so output is stable. */
    public void flushAll(int reason, Listener listener) {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = live[i];
        }
        java.util.Arrays.sort(order, (x, y) -> {
            int c = Long.compare(firstNanos[x], firstNanos[y]);
            return c != 0 ? c : Long.compare(lastFrame[x], lastFrame[y]);
        });
        for (int f : order) {
            listener.onFlowEnd(this, f, reason);
            remove(f);
        }
    }

    private void evictOne(Listener listener) {
        int victim = live[sampleCursor % size];
        for (int i = 1; i < EVICTION_SAMPLE && i < size; i++) {
            int f = live[(sampleCursor + i * 7919) % size];
            if (lastNanos[f] < lastNanos[victim]) {
                victim = f;
            }
        }
        sampleCursor++;
        evicted++;
        listener.onFlowEnd(this, victim, END_EVICTED);
        remove(victim);
    }

    private void insertIndex(int flow, int h) {
        int slot = h & mask;
        while (index[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        index[slot] = flow + 1;
    }

    private void remove(int flow) {
        // index: find the slot, then backward-shift the cluster behind it
        int slot = hashes[flow] & mask;
        while (index[slot] != flow + 1) {
            slot = (slot + 1) & mask;
        }
        int hole = slot;
        int next = (hole + 1) & mask;
        while (index[next] != 0) {
            int f = index[next] - 1;
            int home = hashes[f] & mask;
            // move f into the hole if its home is not between hole (exclusive) and next (inclusive)
            boolean between = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
            if (!between) {
                index[hole] = index[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        index[hole] = 0;
        // dense live list: swap-remove
        int pos = livePos[flow];
        int last = live[--size];
        live[pos] = last;
        livePos[last] = pos;
        appState[flow] = null;
        free[freeTop++] = flow;
    }

    private static int compare(long hi1, long lo1, int p1, long hi2, long lo2, int p2) {
        int c = Long.compareUnsigned(hi1, hi2);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(lo1, lo2);
        return c != 0 ? c : Integer.compare(p1, p2);
    }

    // ---------------------------------------------------------------- accessors for listeners

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    public long evicted() {
        return evicted;
    }

    public long created() {
        return created;
    }

    public FlowConfig config() {
        return config;
    }

    public static String endReasonName(int reason) {
        return END_NAMES[reason];
    }

    public int protocol(int f) {
        return protoVlan[f] >>> 24;
    }

    public int outerVlan(int f) {
        return (protoVlan[f] & 0x1FFF) - 1;
    }

    public int innerVlan(int f) {
        return innerVlan[f];
    }

    public int ipVersion(int f) {
        return ipVersion[f];
    }

    public long srcHi(int f) {
        return srcIsA[f] ? aHi[f] : bHi[f];
    }

    public long srcLo(int f) {
        return srcIsA[f] ? aLo[f] : bLo[f];
    }

    public long dstHi(int f) {
        return srcIsA[f] ? bHi[f] : aHi[f];
    }

    public long dstLo(int f) {
        return srcIsA[f] ? bLo[f] : aLo[f];
    }

    public int srcPort(int f) {
        return srcIsA[f] ? ports[f] >>> 16 : ports[f] & 0xFFFF;
    }

    public int dstPort(int f) {
        return srcIsA[f] ? ports[f] & 0xFFFF : ports[f] >>> 16;
    }

    public boolean hasMac(int f) {
        return hasMac[f];
    }

    public long srcMac(int f) {
        return srcMac[f];
    }

    public long dstMac(int f) {
        return dstMac[f];
    }

    public long firstNanos(int f) {
        return firstNanos[f];
    }

    public long lastNanos(int f) {
        return lastNanos[f];
    }

    public long lastFrame(int f) {
        return lastFrame[f];
    }

    /** Packets in direction 0 (source to destination) or 1. */
    public long packets(int f, int dir) {
        return pkts[2 * f + dir];
    }

    public long bytes(int f, int dir) {
        return bytes[2 * f + dir];
    }

    public int tcpFlags(int f, int dir) {
        return tcpFlags[2 * f + dir];
    }

    public int fragments(int f) {
        return fragments[f];
    }

    /** {@code PacketView.TUNNEL_*} of the tunnel the flow's first packet came through. */
    public int tunnelType(int f) {
        return tunnelType[f];
    }

    /** VXLAN VNI or ERSPAN session id of that tunnel, -1 when none. */
    public long tunnelId(int f) {
        return tunnelId[f];
    }

    public int appId(int f) {
        return appId[f];
    }

    public void setAppId(int f, int id) {
        appId[f] = id;
    }

    public Object appState(int f) {
        return appState[f];
    }

    public void setAppState(int f, Object state) {
        appState[f] = state;
    }
}
