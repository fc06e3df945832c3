package dev.vigil.protocol.ssh;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.reassembly.StreamListener;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;

/**
 * The identification string of one side of an SSH connection (RFC 4253 §4.2), read from the
 * start of that side's TCP stream:
 *
 * <pre>
 *   SSH-protoversion-softwareversion SP comments CR LF      (at most 255 bytes with CR LF)
 * </pre>
 *
 * The server may send other lines first (not starting with "SSH-"); they are skipped, up to
 * {@link #MAX_PREAMBLE_LINES}. A bare LF also ends a line (older implementations). The software
 * version is everything between the second '-' and the first space (some vendors put '-' in
 * it, e.g. "Cisco-1.25"). Once the line is found (or the stream fails) the rest of the stream,
 * the binary packet protocol, is ignored. Not thread-safe; allocates only Strings for the result.
 */
public final class SshIdentificationParser implements StreamListener {
    public static final DecodeEventType INVALID_IDENTIFICATION = DecodeEventType.register(
        "ssh.invalid_identification",
        "SSH identification line not 'SSH-protoversion-softwareversion [comments]' (RFC 4253 §4.2)",
        DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType LINE_TOO_LONG = DecodeEventType.register("ssh.line_too_long",
        "SSH identification or preamble line longer than 255 bytes (RFC 4253 §4.2); stream side ignored",
        DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType TOO_MANY_PREAMBLE_LINES = DecodeEventType.register(
        "ssh.too_many_preamble_lines",
        "More lines before the SSH identification than the cap; stream side ignored", DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType STREAM_GAP = DecodeEventType.register("ssh.stream_gap",
        "Bytes before the SSH identification were never captured; stream side ignored", DecodeEventType.KIND_TRUNCATED);

    /** RFC 4253 §4.2: 255 characters including CR and LF. */
    public static final int MAX_LINE = 255;
    public static final int MAX_PREAMBLE_LINES = 32;

    /** Receives the decode events. */
    public interface Sink {
        void onEvent(DecodeEventType type);
    }

    private final byte[] line = new byte[MAX_LINE];
    private int len;
    private int preambleLines;
    private boolean done;
    private boolean found;
    private Sink sink;
    private String protoVersion;
    private String software;
    private String comments;

    public void reset(Sink sink) {
        this.sink = sink;
        len = 0;
        preambleLines = 0;
        done = false;
        found = false;
        protoVersion = software = comments = null;
    }

    /** The identification line was parsed. */
    public boolean found() {
        return found;
    }

    /** Nothing more will be read from this side (found, or failed). */
    public boolean done() {
        return done;
    }

    /** protoversion, e.g. "2.0" or "1.99", or null. */
    public String protoVersion() {
        return protoVersion;
    }

    /** softwareversion, e.g. "OpenSSH_9.6p1", or null. */
    public String software() {
        return software;
    }

    /** The comments after the first space, or null. */
    public String comments() {
        return comments;
    }

    @Override
    public void onData(DirectBuffer buf, int offset, int length) {
        for (int i = offset, end = offset + length; i < end && !done; i++) {
            byte b = buf.getByte(i);
            if (b == '\n') {
                endOfLine();
            } else if (len == MAX_LINE - 1) {
                fail(LINE_TOO_LONG); // 254 bytes and no LF yet: with CR LF it cannot fit
            } else {
                line[len++] = b;
            }
        }
    }

    @Override
    public void onGap(long missingBytes) {
        if (!done) {
            fail(STREAM_GAP);
        }
    }

    @Override
    public void onEvent(DecodeEventType type) {
        if (sink != null) {
            sink.onEvent(type);
        }
    }

    private void endOfLine() {
        int n = len;
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        len = 0;
        if (n < 4 || line[0] != 'S' || line[1] != 'S' || line[2] != 'H' || line[3] != '-') {
            if (++preambleLines > MAX_PREAMBLE_LINES) {
                fail(TOO_MANY_PREAMBLE_LINES);
            }
            return;
        }
        int dash = -1;
        for (int k = 4; k < n; k++) {
            if (line[k] == '-') {
                dash = k;
                break;
            }
            if (line[k] == ' ') {
                break;
            }
        }
        int sp = n;
        for (int k = Math.max(dash + 1, 4); k < n; k++) {
            if (line[k] == ' ') {
                sp = k;
                break;
            }
        }
        if (dash <= 4 || sp <= dash + 1 || !printable(4, n)) {
            fail(INVALID_IDENTIFICATION);
            return;
        }
        protoVersion = new String(line, 4, dash - 4, StandardCharsets.US_ASCII);
        software = new String(line, dash + 1, sp - dash - 1, StandardCharsets.US_ASCII);
        comments = sp + 1 < n ? new String(line, sp + 1, n - sp - 1, StandardCharsets.US_ASCII) : null;
        found = true;
        done = true;
    }

    private boolean printable(int s, int e) {
        for (int k = s; k < e; k++) {
            if (line[k] < 0x20 || line[k] > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private void fail(DecodeEventType type) {
        done = true;
        onEvent(type);
    }
}
