package dev.vigil.sensor.app;

/**
 * Flows announced before their first packet (see {@link AppContext#expect}): a small
 * fixed-size table, searched linearly (it holds a few hundred entries at most: TFTP transfers
 * and announced media in progress), oldest entry replaced when full. Single-threaded.
 */
public final class Expectations {
    private final int[] transport;
    private final long[] hostHi;
    private final long[] hostLo;
    private final long[] peerHi;
    private final long[] peerLo;
    private final int[] peerPort;
    private final long[] until;
    private final int[] app;
    private final Object[] attachment;
    private Object matched;
    private int next;
    private long replaced;

    public Expectations(int capacity) {
        transport = new int[capacity];
        hostHi = new long[capacity];
        hostLo = new long[capacity];
        peerHi = new long[capacity];
        peerLo = new long[capacity];
        peerPort = new int[capacity];
        until = new long[capacity];
        app = new int[capacity];
        attachment = new Object[capacity];
    }

    /** Adds an expectation for decoder {@code appId} (index + 1). */
    public void add(int appId, int proto, long hHi, long hLo, long pHi, long pLo, int pPort, long untilNanos) {
        add(appId, proto, hHi, hLo, pHi, pLo, pPort, untilNanos, null);
    }

    /**
     * Adds an expectation for decoder {@code appId} (index + 1) carrying {@code what} (handed to the
     * decoder as the new flow's app state). A host of 0/0 (the unspecified address) matches any
     * host: media announced in SDP names only the receiving address and port.
     */
    public void add(int appId, int proto, long hHi, long hLo, long pHi, long pLo, int pPort, long untilNanos,
                    Object what) {
        int i = free();
        attachment[i] = what;
        transport[i] = proto;
        hostHi[i] = hHi;
        hostLo[i] = hLo;
        peerHi[i] = pHi;
        peerLo[i] = pLo;
        peerPort[i] = pPort;
        until[i] = untilNanos;
        app[i] = appId;
    }

    private int free() {
        for (int i = 0; i < app.length; i++) {
            if (app[i] == 0) {
                return i;
            }
        }
        int i = next;
        next = (next + 1) % app.length;
        replaced++;
        return i;
    }

    /**
     * The decoder id expected for a new flow from (srcHi/srcLo:srcPort) to (dstHi/dstLo:dstPort),
     * in either direction, or 0. A match is consumed.
     */
    public int match(int proto, long sHi, long sLo, int sPort, long dHi, long dLo, int dPort, long now) {
        matched = null;
        for (int i = 0; i < app.length; i++) {
            if (app[i] == 0) {
                continue;
            }
            if (until[i] < now) {
                app[i] = 0;
                attachment[i] = null;
                continue;
            }
            if (transport[i] != proto) {
                continue;
            }
            boolean anyHost = hostHi[i] == 0 && hostLo[i] == 0;
            boolean fwd = (anyHost || hostHi[i] == sHi && hostLo[i] == sLo) && peerHi[i] == dHi && peerLo[i] == dLo
                    && peerPort[i] == dPort;
            boolean rev = (anyHost || hostHi[i] == dHi && hostLo[i] == dLo) && peerHi[i] == sHi && peerLo[i] == sLo
                    && peerPort[i] == sPort;
            if (fwd || rev) {
                int a = app[i];
                app[i] = 0;
                matched = attachment[i];
                attachment[i] = null;
                return a;
            }
        }
        return 0;
    }

    /** What the expectation consumed by the last successful {@link #match} carried, or null. */
    public Object matchedAttachment() {
        return matched;
    }

    /** Expectations that gave way to newer ones because the table was full. */
    public long replaced() {
        return replaced;
    }
}
