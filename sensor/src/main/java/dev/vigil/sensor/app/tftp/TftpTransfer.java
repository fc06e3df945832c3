package dev.vigil.sensor.app.tftp;

import dev.vigil.protocol.tftp.TftpMessage;

/**
 * One TFTP transfer: a request (RRQ or WRQ) from client C:pc to server S:69 and the exchange of
 * DATA and ACK between C:pc and the server's transfer port S:tid that follows (RFC 1350 section
 * 4). The state of the reply flow, and of the request flow until the reply flow takes it over.
 *
 * <p>Counts new DATA blocks and their bytes, retransmitted DATA blocks and requests, and ends
 * (RFC 1350 section 6) when the data receiver acknowledges the DATA block shorter than the block
 * size, or on an ERROR from either side; otherwise when its flows end ({@link #STATE_INCOMPLETE}).
 * Block numbers wrap at 65535 (RFC 1350 allows it in practice, RFC 7440 describes it).
 */
final class TftpTransfer {
    static final int STATE_ACTIVE = 0;
    static final int STATE_COMPLETED = 1;
    static final int STATE_ERROR = 2;
    static final int STATE_INCOMPLETE = 3;
    private static final String[] STATE_NAMES = {"active", "completed", "error", "incomplete"};

    /** RFC 1350 section 5: 512 data bytes per block unless blksize (RFC 2348) says otherwise. */
    static final int DEFAULT_BLKSIZE = 512;

    // endpoints: client C:pc, server S (port 69 for the request, its transfer id once it answers)
    final long clientHi;
    final long clientLo;
    final int clientPort;
    final long serverHi;
    final long serverLo;
    int serverPort;
    final int ipVersion;
    final int outerVlan;
    final int innerVlan;

    /** RRQ (read: the server sends DATA) or WRQ (write: the client does); 0 when the request was not seen. */
    int requestOpcode;
    String filename;
    String mode;

    long startNanos;
    /** Frame of the packet that started the transfer (unique per transfer: it names the summary). */
    final long firstFrame;
    long lastNanos;
    long lastFrame;
    /** When the announced reply flow stops being expected. */
    long expectUntil;

    /** True once the server answered (the reply flow, or the request flow when it answers from port 69). */
    boolean answered;
    /** The flow that carries the transfer once the server answered; -1 before. */
    int transferFlow = -1;
    boolean pending;

    int blksize = DEFAULT_BLKSIZE;
    long bytes;
    long blocks;
    long retransmits;
    /** Highest DATA block number seen (mod 65536); 0 before the first. */
    private int highestBlock;
    private boolean finalSeen;
    private int finalBlock;
    private boolean finalFromClient;

    int state = STATE_ACTIVE;
    int errorCode = -1;
    String errorMessage;

    TftpTransfer(long clientHi, long clientLo, int clientPort, long serverHi, long serverLo, int serverPort,
                 int ipVersion, int outerVlan, int innerVlan, long startNanos, long frame) {
        this.clientHi = clientHi;
        this.clientLo = clientLo;
        this.clientPort = clientPort;
        this.serverHi = serverHi;
        this.serverLo = serverLo;
        this.serverPort = serverPort;
        this.ipVersion = ipVersion;
        this.outerVlan = outerVlan;
        this.innerVlan = innerVlan;
        this.startNanos = startNanos;
        this.firstFrame = frame;
        this.lastNanos = startNanos;
        this.lastFrame = frame;
    }

    boolean isClient(long hi, long lo, int port) {
        return hi == clientHi && lo == clientLo && port == clientPort;
    }

    boolean finished() {
        return state != STATE_ACTIVE;
    }

    String stateName() {
        return STATE_NAMES[state];
    }

    /** "read" or "write", or null when the request was not seen. */
    String direction() {
        return requestOpcode == TftpMessage.RRQ ? "read" : requestOpcode == TftpMessage.WRQ ? "write" : null;
    }

    /** True when this request repeats the one that started the transfer and the server has not answered. */
    boolean sameRequest(TftpMessage m) {
        return !answered && !finished() && m.opcode() == requestOpcode
                && (filename == null ? m.filename() == null : filename.equals(m.filename()));
    }

    void touch(long nanos, long frame) {
        if (nanos > lastNanos) {
            lastNanos = nanos;
        }
        lastFrame = frame;
    }

    /**
     * Accounts one message of the transfer (not the request that started it).
     *
     * @param fromClient  the sender is the client C:pc
     * @param cut         the capture cut the datagram (snaplen): its length says nothing about the end
     * @return true when the message is a DATA block seen before (a retransmission)
     */
    boolean onMessage(TftpMessage m, boolean fromClient, boolean cut, long nanos, long frame) {
        touch(nanos, frame);
        if (finished()) {
            // after the end: late retransmissions and duplicate final ACKs are still messages
            return m.opcode() == TftpMessage.DATA && m.block() >= 0 && isOld(m.block());
        }
        switch (m.opcode()) {
            case TftpMessage.DATA:
                return data(m, fromClient, cut);
            case TftpMessage.ACK:
                if (finalSeen && m.block() == finalBlock && fromClient != finalFromClient) {
                    state = STATE_COMPLETED;
                }
                return false;
            case TftpMessage.OACK:
                if (m.blksize() > 0) {
                    blksize = m.blksize();
                }
                return false;
            case TftpMessage.ERROR:
                state = STATE_ERROR;
                errorCode = m.errorCode();
                errorMessage = m.errorMessage();
                return false;
            default:
                return false;
        }
    }

    private boolean data(TftpMessage m, boolean fromClient, boolean cut) {
        int block = m.block();
        if (block < 0) {
            return false;
        }
        if (blocks > 0 && isOld(block)) {
            retransmits++;
            return true;
        }
        blocks++;
        highestBlock = block;
        bytes += m.dataLength();
        if (m.dataLength() < blksize && !cut) {
            finalSeen = true;
            finalBlock = block;
            finalFromClient = fromClient;
        }
        return false;
    }

    /** The block is the highest seen or up to half the number space behind it. */
    private boolean isOld(int block) {
        int behind = (highestBlock - block) & 0xFFFF;
        return behind < 0x8000;
    }

    /** Ends the transfer without a final ACK or ERROR (its flows ended, or it was given up). */
    void abandon() {
        if (!finished()) {
            state = STATE_INCOMPLETE;
        }
    }
}
