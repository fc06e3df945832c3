package dev.vigil.sensor.app.tftp;

/**
 * Transfers whose request was seen and whose server has not answered yet, keyed by client
 * address and port (the server answers to C:pc from a new port, RFC 1350 section 4, so the
 * reply flow finds its transfer here). A small fixed table searched linearly, like the
 * worker's expectations: a request leaves it as soon as the server answers, so it holds only the
 * requests of the last few seconds. Single-threaded (one per worker).
 *
 * <p>Bounded: entries past their reply window are dropped first; when the table is still full
 * the oldest request gives way ({@link #add} returns it, the caller counts the overflow).
 */
final class PendingTransfers {
    private final TftpTransfer[] entries;
    private int size;

    PendingTransfers(int capacity) {
        entries = new TftpTransfer[capacity];
    }

    int size() {
        return size;
    }

    int capacity() {
        return entries.length;
    }

    /**
     * Adds a transfer. Returns null, or the transfer that had to give way because the table was
     * full of requests still inside their reply window (that one is no longer pending).
     */
    TftpTransfer add(TftpTransfer t, long now) {
        if (size == entries.length) {
            dropExpired(now);
        }
        TftpTransfer evicted = null;
        if (size == entries.length) {
            int oldest = 0;
            for (int i = 1; i < size; i++) {
                if (entries[i].startNanos < entries[oldest].startNanos) {
                    oldest = i;
                }
            }
            evicted = entries[oldest];
            removeAt(oldest);
        }
        entries[size++] = t;
        t.pending = true;
        return evicted;
    }

    /**
     * Takes the pending transfer of client C:pc with server S, if any: the new flow between S
     * (any port) and C:pc is its reply flow.
     */
    TftpTransfer take(long clientHi, long clientLo, int clientPort, long serverHi, long serverLo) {
        for (int i = size - 1; i >= 0; i--) {
            TftpTransfer t = entries[i];
            if (t.clientPort == clientPort && t.clientLo == clientLo && t.clientHi == clientHi
                    && t.serverLo == serverLo && t.serverHi == serverHi) {
                removeAt(i);
                return t;
            }
        }
        return null;
    }

    /** Removes a transfer if it is pending (answered on the request flow, or ended). */
    void remove(TftpTransfer t) {
        if (!t.pending) {
            return;
        }
        for (int i = 0; i < size; i++) {
            if (entries[i] == t) {
                removeAt(i);
                return;
            }
        }
    }

    private void dropExpired(long now) {
        for (int i = size - 1; i >= 0; i--) {
            if (entries[i].expectUntil < now) {
                // its reply flow can no longer be announced; its request flow will end it
                removeAt(i);
            }
        }
    }

    private void removeAt(int i) {
        entries[i].pending = false;
        size--;
        entries[i] = entries[size];
        entries[size] = null;
    }
}
