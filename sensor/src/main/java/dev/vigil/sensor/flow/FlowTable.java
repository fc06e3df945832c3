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
    /**
     * The flows' fields, array-of-structs: {@link #STRIDE} longs per flow (two cache lines), so a
     * packet touches its flow's record and not one line per field array (measured: with one
     * array per field, the table's cache misses were the largest cost of L2-L4 analysis).
     */
    private final long[] rec;
    private static final int SHIFT = 4;
    private static final int STRIDE = 1 << SHIFT;
    private static final int O_AHI = 0;
    private static final int O_ALO = 1;
    private static final int O_BHI = 2;
    private static final int O_BLO = 3;
    private static final int O_HASH = 4;
    private static final int O_PORTS = 5;
    private static final int O_PROTO = 6;
    private static final int O_FIRST = 7;
    private static final int O_LAST = 8;
    private static final int O_FRAME = 9;
    private static final int O_PKTS = 10;   // and 11: packets per direction
    private static final int O_BYTES = 12;  // and 13
    private static final int O_TCP = 14;    // and 15: TCP flags per direction
    // cold fields (written once, read at flow end) live past the two hot lines, in a second array
    private final long[] cold;
    private static final int COLD = 8;
    private static final int O_SRCA = 0;
    private static final int O_SMAC = 1;
    private static final int O_DMAC = 2;
    private static final int O_HASMAC = 3;
    private static final int O_IPV = 4;
    private static final int O_FRAGS = 5;
    private static final int O_APP = 6;
    private final int[] index;          // slot -> flow + 1 (0 = empty)
    // key, normalised: endpoint A is the smaller (address, port)
    // state
    private final int[] innerVlan;
    private final int[] tunnelType;     // PacketView.TUNNEL_* of the flow's first packet
    private final long[] tunnelId;
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
        this.rec = new long[capacity * STRIDE];
        this.cold = new long[capacity * COLD];
        this.innerVlan = new int[capacity];
        this.tunnelType = new int[capacity];
        this.tunnelId = new long[capacity];
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
            if ((int) rec[((f) << SHIFT) + O_HASH] == h && (int) rec[((f) << SHIFT) + O_PORTS] == kPorts && (int) rec[((f) << SHIFT) + O_PROTO] == kProto && rec[((f) << SHIFT) + O_ALO] == kaLo
                    && rec[((f) << SHIFT) + O_BLO] == kbLo && rec[((f) << SHIFT) + O_AHI] == kaHi && rec[((f) << SHIFT) + O_BHI] == kbHi) {
                flow = f;
                break;
            }
            slot = (slot + 1) & mask;
        }
        int tcpFlagsNow = v.ipProtocol == TCP ? v.tcpFlags : 0;
        if (flow >= 0 && nowNanos - rec[((flow) << SHIFT) + O_FIRST] > active) {
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
            rec[((flow) << SHIFT) + O_HASH] = h;
            rec[((flow) << SHIFT) + O_AHI] = kaHi;
            rec[((flow) << SHIFT) + O_ALO] = kaLo;
            rec[((flow) << SHIFT) + O_BHI] = kbHi;
            rec[((flow) << SHIFT) + O_BLO] = kbLo;
            rec[((flow) << SHIFT) + O_PORTS] = kPorts;
            rec[((flow) << SHIFT) + O_PROTO] = kProto;
            boolean synAck = (tcpFlagsNow & (SYN | ACK)) == (SYN | ACK);
            // source = sender of the first packet, unless it is a SYN-ACK (then its receiver)
            boolean senderIsA = srcFirst;
            cold[(flow) * COLD + O_SRCA] = synAck != senderIsA ? 1 : 0;
            rec[((flow) << SHIFT) + O_FIRST] = nowNanos;
            rec[(flow << SHIFT) + O_PKTS] = rec[(flow << SHIFT) + O_PKTS + 1] = 0;
            rec[(flow << SHIFT) + O_BYTES] = rec[(flow << SHIFT) + O_BYTES + 1] = 0;
            rec[(flow << SHIFT) + O_TCP] = rec[(flow << SHIFT) + O_TCP + 1] = 0;
            cold[(flow) * COLD + O_HASMAC] = v.hasMac ? 1 : 0;
            long sm = synAck ? v.dstMac : v.srcMac;
            long dm = synAck ? v.srcMac : v.dstMac;
            cold[(flow) * COLD + O_SMAC] = sm;
            cold[(flow) * COLD + O_DMAC] = dm;
            innerVlan[flow] = v.innerVlan();
            cold[(flow) * COLD + O_IPV] = v.ipVersion;
            cold[(flow) * COLD + O_FRAGS] = 0;
            tunnelType[flow] = v.tunnelType;
            tunnelId[flow] = v.tunnelId;
            cold[(flow) * COLD + O_APP] = 0;
            appState[flow] = null;
        }
        int dir = (srcFirst == (cold[(flow) * COLD + O_SRCA] != 0)) ? 0 : 1;
        lastDirection = dir;
        int k = (flow << SHIFT) + dir;
        rec[k + O_PKTS]++;
        rec[k + O_BYTES] += wireLength;
        rec[k + O_TCP] |= tcpFlagsNow;
        if (v.fragment) {
            cold[(flow) * COLD + O_FRAGS]++;
        }
        if (nowNanos > rec[((flow) << SHIFT) + O_LAST] || rec[(flow << SHIFT) + O_PKTS] + rec[(flow << SHIFT) + O_PKTS + 1] == 1) {
            rec[((flow) << SHIFT) + O_LAST] = nowNanos;
        }
        rec[((flow) << SHIFT) + O_FRAME] = frame;
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
            long idle = nowNanos - rec[((f) << SHIFT) + O_LAST];
            int reason = -1;
            if (((int) rec[((f) << SHIFT) + O_PROTO] >>> 24) == TCP) {
                int flags = (int) (rec[(f << SHIFT) + O_TCP] | rec[(f << SHIFT) + O_TCP + 1]);
                boolean rst = (flags & RST) != 0;
                boolean finBoth = (rec[(f << SHIFT) + O_TCP] & FIN) != 0 && (rec[(f << SHIFT) + O_TCP + 1] & FIN) != 0;
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
            int c = Long.compare(rec[((x) << SHIFT) + O_FIRST], rec[((y) << SHIFT) + O_FIRST]);
            return c != 0 ? c : Long.compare(rec[((x) << SHIFT) + O_FRAME], rec[((y) << SHIFT) + O_FRAME]);
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
            if (rec[((f) << SHIFT) + O_LAST] < rec[((victim) << SHIFT) + O_LAST]) {
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
        int slot = (int) rec[((flow) << SHIFT) + O_HASH] & mask;
        while (index[slot] != flow + 1) {
            slot = (slot + 1) & mask;
        }
        int hole = slot;
        int next = (hole + 1) & mask;
        while (index[next] != 0) {
            int f = index[next] - 1;
            int home = (int) rec[((f) << SHIFT) + O_HASH] & mask;
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
        return (int) rec[((f) << SHIFT) + O_PROTO] >>> 24;
    }

    public int outerVlan(int f) {
        return ((int) rec[((f) << SHIFT) + O_PROTO] & 0x1FFF) - 1;
    }

    public int innerVlan(int f) {
        return innerVlan[f];
    }

    public int ipVersion(int f) {
        return (int) cold[(f) * COLD + O_IPV];
    }

    public long srcHi(int f) {
        return (cold[(f) * COLD + O_SRCA] != 0) ? rec[((f) << SHIFT) + O_AHI] : rec[((f) << SHIFT) + O_BHI];
    }

    public long srcLo(int f) {
        return (cold[(f) * COLD + O_SRCA] != 0) ? rec[((f) << SHIFT) + O_ALO] : rec[((f) << SHIFT) + O_BLO];
    }

    public long dstHi(int f) {
        return (cold[(f) * COLD + O_SRCA] != 0) ? rec[((f) << SHIFT) + O_BHI] : rec[((f) << SHIFT) + O_AHI];
    }

    public long dstLo(int f) {
        return (cold[(f) * COLD + O_SRCA] != 0) ? rec[((f) << SHIFT) + O_BLO] : rec[((f) << SHIFT) + O_ALO];
    }

    public int srcPort(int f) {
        return (cold[(f) * COLD + O_SRCA] != 0) ? (int) rec[((f) << SHIFT) + O_PORTS] >>> 16 : (int) rec[((f) << SHIFT) + O_PORTS] & 0xFFFF;
    }

    public int dstPort(int f) {
        return (cold[(f) * COLD + O_SRCA] != 0) ? (int) rec[((f) << SHIFT) + O_PORTS] & 0xFFFF : (int) rec[((f) << SHIFT) + O_PORTS] >>> 16;
    }

    public boolean hasMac(int f) {
        return (cold[(f) * COLD + O_HASMAC] != 0);
    }

    public long srcMac(int f) {
        return cold[(f) * COLD + O_SMAC];
    }

    public long dstMac(int f) {
        return cold[(f) * COLD + O_DMAC];
    }

    public long firstNanos(int f) {
        return rec[((f) << SHIFT) + O_FIRST];
    }

    public long lastNanos(int f) {
        return rec[((f) << SHIFT) + O_LAST];
    }

    public long lastFrame(int f) {
        return rec[((f) << SHIFT) + O_FRAME];
    }

    /** Packets in direction 0 (source to destination) or 1. */
    public long packets(int f, int dir) {
        return rec[(f << SHIFT) + O_PKTS + dir];
    }

    public long bytes(int f, int dir) {
        return rec[(f << SHIFT) + O_BYTES + dir];
    }

    public int tcpFlags(int f, int dir) {
        return (int) rec[(f << SHIFT) + O_TCP + dir];
    }

    public int fragments(int f) {
        return (int) cold[(f) * COLD + O_FRAGS];
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
        return (int) cold[(f) * COLD + O_APP];
    }

    public void setAppId(int f, int id) {
        cold[(f) * COLD + O_APP] = id;
    }

    public Object appState(int f) {
        return appState[f];
    }

    public void setAppState(int f, Object state) {
        appState[f] = state;
    }
}
