package dev.vigil.protocol.dip;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * One DIP message as {@link DipParser} found it: offsets into the caller's buffer, never a copy.
 * Valid until the next {@link DipParser#parse} (the parser reuses its one view) and only while
 * the caller's buffer still holds the message.
 *
 * <p>Tokens are kept raw: {@link #paramOffset(int)} and {@link #paramLength(int)} cover a
 * parameter as it was on the wire, quotes and {@code \"} escapes included. {@link #paramText}
 * removes them, {@link #paramHex} and {@link #paramIpv4} read the two number forms the vendor
 * facts describe (hexadecimal numbers, dotted IPv4 addresses). Accessors that return a
 * {@code String} allocate: call them only for fields that leave the process.
 */
public final class DipView {
    /** The token was a string in double quotes. */
    static final int QUOTED = 1;
    /** A quoted string without its closing quote (the message ended first). */
    static final int UNTERMINATED = 2;

    /** At most this many decode events are recorded per message; more are only counted. */
    public static final int MAX_EVENTS = 8;

    private final int maxParams;
    private final int[] paramOffset;
    private final int[] paramLength;
    private final int[] paramFlags;
    private final DecodeEventType[] events = new DecodeEventType[MAX_EVENTS];
    /** Reused bytes for building strings (text is decoded from it, never handed out). */
    private byte[] scratch = new byte[DipParser.MAX_MESSAGE_LENGTH];

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int messageLength;
    private boolean truncated;
    private long ref;
    private int refOffset;
    private int refLength;
    private int commandOffset;
    private int commandLength;
    private int commandFlags;
    private int paramCount;
    private int totalParams;
    private int eventCount;
    private int eventsDropped;
    private boolean malformed;

    DipView(int maxParams) {
        if (maxParams < 1 || maxParams > 4096) {
            throw new IllegalArgumentException("maxParams must be in [1, 4096]: " + maxParams);
        }
        this.maxParams = maxParams;
        this.paramOffset = new int[maxParams];
        this.paramLength = new int[maxParams];
        this.paramFlags = new int[maxParams];
    }

    DipView reset(DirectBuffer buffer, int offset, int length, int messageLength) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.messageLength = messageLength;
        this.truncated = false;
        this.ref = -1;
        this.refOffset = offset;
        this.refLength = 0;
        this.commandOffset = offset;
        this.commandLength = -1;
        this.commandFlags = 0;
        this.paramCount = 0;
        this.totalParams = 0;
        this.eventCount = 0;
        this.eventsDropped = 0;
        this.malformed = false;
        return this;
    }

    // ---------------------------------------------------------------- filled by the parser

    void truncated(boolean t) {
        truncated = t;
    }

    void length(int n) {
        length = n;
    }

    void ref(long value, int off, int len) {
        ref = value;
        refOffset = off;
        refLength = len;
    }

    void command(int off, int len, int flags) {
        commandOffset = off;
        commandLength = len;
        commandFlags = flags;
    }

    /** Adds a parameter; returns false (and counts it) when the cap is reached. */
    boolean addParam(int off, int len, int flags) {
        totalParams++;
        if (paramCount == maxParams) {
            return false;
        }
        paramOffset[paramCount] = off;
        paramLength[paramCount] = len;
        paramFlags[paramCount] = flags;
        paramCount++;
        return true;
    }

    void add(DecodeEventType type) {
        for (int i = 0; i < eventCount; i++) {
            if (events[i] == type) {
                return;
            }
        }
        if (type.kind() == DecodeEventType.KIND_MALFORMED) {
            malformed = true;
        }
        if (eventCount < MAX_EVENTS) {
            events[eventCount++] = type;
        } else {
            eventsDropped++;
        }
    }

    // ---------------------------------------------------------------- message

    public DirectBuffer buffer() {
        return buffer;
    }

    /** Offset of the message's first byte in {@link #buffer()}. */
    public int offset() {
        return offset;
    }

    /** Bytes parsed: the message, or its first {@link DipParser#MAX_MESSAGE_LENGTH} bytes. */
    public int length() {
        return length;
    }

    /** Length of the whole message as framed, which may exceed what was parsed. */
    public int messageLength() {
        return messageLength;
    }

    /** True when the message was longer than the cap and only its start was parsed. */
    public boolean truncated() {
        return truncated;
    }

    /** True when a malformed-kind decode event was recorded. */
    public boolean malformed() {
        return malformed;
    }

    /** The reference (the station's physical number, hexadecimal on the wire), or -1. */
    public long ref() {
        return ref;
    }

    public int refOffset() {
        return refOffset;
    }

    public int refLength() {
        return refLength;
    }

    // ---------------------------------------------------------------- command

    public boolean hasCommand() {
        return commandLength >= 0;
    }

    public int commandOffset() {
        return commandOffset;
    }

    public int commandLength() {
        return Math.max(commandLength, 0);
    }

    /** The command word as text (allocates), or null when the message has none. */
    public String command() {
        return commandLength < 0 ? null : text(commandOffset, commandLength, commandFlags);
    }

    /** True when the command word is exactly {@code word} (ASCII, case-sensitive); no allocation. */
    public boolean commandIs(String word) {
        return commandLength >= 0 && (commandFlags & QUOTED) == 0 && equalsAscii(commandOffset, commandLength, word);
    }

    // ---------------------------------------------------------------- parameters

    /** Parameters kept (at most the parser's cap). */
    public int paramCount() {
        return paramCount;
    }

    /** Parameters found, including those beyond the cap. */
    public int totalParams() {
        return totalParams;
    }

    public int paramOffset(int i) {
        return paramOffset[check(i)];
    }

    public int paramLength(int i) {
        return paramLength[check(i)];
    }

    /** True when the parameter is a string in double quotes. */
    public boolean paramQuoted(int i) {
        return (paramFlags[check(i)] & QUOTED) != 0;
    }

    /** The parameter exactly as on the wire, quotes and escapes included (allocates). */
    public String paramRaw(int i) {
        check(i);
        return decode(paramOffset[i], paramLength[i]);
    }

    /** The parameter's text: a quoted string without its quotes and with {@code \"} unescaped (allocates). */
    public String paramText(int i) {
        check(i);
        return text(paramOffset[i], paramLength[i], paramFlags[i]);
    }

    /** True when the parameter is exactly {@code word} (unquoted, ASCII); no allocation. */
    public boolean paramIs(int i, String word) {
        check(i);
        return (paramFlags[i] & QUOTED) == 0 && equalsAscii(paramOffset[i], paramLength[i], word);
    }

    /**
     * The parameter as a hexadecimal number (1 to 15 digits, unquoted), or -1 when it is not one.
     */
    public long paramHex(int i) {
        check(i);
        if ((paramFlags[i] & QUOTED) != 0) {
            return -1;
        }
        return hex(buffer, paramOffset[i], paramLength[i]);
    }

    /** True when the parameter is a dotted IPv4 address (four decimal octets 0-255). */
    public boolean paramIsIpv4(int i) {
        check(i);
        return (paramFlags[i] & QUOTED) == 0 && ipv4(buffer, paramOffset[i], paramLength[i]) != -1L;
    }

    /** The dotted IPv4 address as a 32-bit value; only meaningful when {@link #paramIsIpv4} is true. */
    public int paramIpv4(int i) {
        check(i);
        return (int) ipv4(buffer, paramOffset[i], paramLength[i]);
    }

    // ---------------------------------------------------------------- events

    public int eventCount() {
        return eventCount;
    }

    public DecodeEventType event(int i) {
        if (i < 0 || i >= eventCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return events[i];
    }

    public boolean has(DecodeEventType type) {
        for (int i = 0; i < eventCount; i++) {
            if (events[i] == type) {
                return true;
            }
        }
        return false;
    }

    /** Events beyond {@link #MAX_EVENTS} (cannot happen with the parser's current event set). */
    public int eventsDropped() {
        return eventsDropped;
    }

    // ---------------------------------------------------------------- helpers

    private int check(int i) {
        if (i < 0 || i >= paramCount) {
            throw new IndexOutOfBoundsException("parameter " + i + " of " + paramCount);
        }
        return i;
    }

    private boolean equalsAscii(int off, int len, String word) {
        if (len != word.length()) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if ((buffer.getByte(off + k) & 0xFF) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private String decode(int off, int len) {
        byte[] b = scratch(len);
        buffer.getBytes(off, b, 0, len);
        return new String(b, 0, len, StandardCharsets.UTF_8);
    }

    /** A reused array of at least {@code len} bytes (the String constructors copy out of it). */
    private byte[] scratch(int len) {
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, 2 * scratch.length)];
        }
        return scratch;
    }

    private String text(int off, int len, int flags) {
        if ((flags & QUOTED) == 0) {
            return decode(off, len);
        }
        // skip the opening quote and, when present, the closing one; unescape \"
        int from = off + 1;
        int to = off + len - ((flags & UNTERMINATED) != 0 ? 0 : 1);
        byte[] b = scratch(Math.max(0, to - from));
        int n = 0;
        for (int p = from; p < to; p++) {
            byte c = buffer.getByte(p);
            if (c == '\\' && p + 1 < to && buffer.getByte(p + 1) == '"') {
                continue;
            }
            b[n++] = c;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** 1 to 15 hexadecimal digits as a value, else -1. */
    static long hex(DirectBuffer buf, int off, int len) {
        if (len < 1 || len > 15) {
            return -1;
        }
        long v = 0;
        for (int k = 0; k < len; k++) {
            int d = Character.digit(buf.getByte(off + k) & 0xFF, 16);
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /** A dotted IPv4 address as an unsigned 32-bit value, else -1. */
    static long ipv4(DirectBuffer buf, int off, int len) {
        if (len < 7 || len > 15) {
            return -1;
        }
        long addr = 0;
        int octets = 0;
        int value = 0;
        int digits = 0;
        for (int k = 0; k <= len; k++) {
            int c = k == len ? '.' : buf.getByte(off + k) & 0xFF;
            if (c == '.') {
                if (digits == 0 || value > 255 || octets == 4) {
                    return -1;
                }
                addr = (addr << 8) | value;
                octets++;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
            } else {
                return -1;
            }
        }
        return octets == 4 ? addr : -1;
    }
}
