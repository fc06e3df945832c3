package dev.vigil.protocol.discovery;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * What {@link DiscoveryDecoder} found in one datagram: its size and the printable runs, as
 * offsets into the caller's buffer. Valid until the next decode and while the buffer holds the
 * datagram. {@link #string(int)} allocates: call it only for output.
 */
public final class DiscoveryView {
    public static final int MAX_EVENTS = 4;

    private final int maxStrings;
    private final int maxStringLength;
    private final int[] stringOffset;
    private final int[] stringLength;
    private final DecodeEventType[] events = new DecodeEventType[MAX_EVENTS];

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int declaredLength;
    private int stringCount;
    private int totalStrings;
    private boolean anyCut;
    private int eventCount;

    DiscoveryView(int maxStrings, int maxStringLength) {
        this.maxStrings = maxStrings;
        this.maxStringLength = maxStringLength;
        this.stringOffset = new int[maxStrings];
        this.stringLength = new int[maxStrings];
    }

    DiscoveryView reset(DirectBuffer buffer, int offset, int length, int declaredLength) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.declaredLength = declaredLength;
        this.stringCount = 0;
        this.totalStrings = 0;
        this.anyCut = false;
        this.eventCount = 0;
        return this;
    }

    void addString(int off, int len) {
        totalStrings++;
        if (stringCount == maxStrings) {
            return;
        }
        if (len > maxStringLength) {
            len = maxStringLength;
            anyCut = true;
        }
        stringOffset[stringCount] = off;
        stringLength[stringCount] = len;
        stringCount++;
    }

    boolean anyCut() {
        return anyCut;
    }

    void add(DecodeEventType type) {
        if (eventCount < MAX_EVENTS) {
            events[eventCount++] = type;
        }
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    /** Captured payload bytes. */
    public int length() {
        return length;
    }

    /** Payload bytes the UDP header declares (at least {@link #length()}). */
    public int declaredLength() {
        return declaredLength;
    }

    /** True when the capture kept less than the declared payload. */
    public boolean truncated() {
        return declaredLength > length;
    }

    /** Printable runs kept (at most the cap). */
    public int stringCount() {
        return stringCount;
    }

    /** Printable runs found, including those beyond the cap. */
    public int totalStrings() {
        return totalStrings;
    }

    public int stringOffset(int i) {
        return stringOffset[check(i)];
    }

    /** Characters kept of run {@code i} (cut to the cap). */
    public int stringLength(int i) {
        return stringLength[check(i)];
    }

    /** Run {@code i} as text (allocates). */
    public String string(int i) {
        check(i);
        byte[] b = new byte[stringLength[i]];
        buffer.getBytes(stringOffset[i], b);
        return new String(b, StandardCharsets.US_ASCII);
    }

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

    private int check(int i) {
        if (i < 0 || i >= stringCount) {
            throw new IndexOutOfBoundsException("string " + i + " of " + stringCount);
        }
        return i;
    }
}
