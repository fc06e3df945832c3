package dev.vigil.protocol.telnet;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.reassembly.StreamListener;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;

/**
 * The first non-empty text line a Telnet server sends (its banner: system name, firmware,
 * "login:" prompt), read from the server's TCP stream with the Telnet commands removed
 * (RFC 854: IAC = 255; IAC WILL/WONT/DO/DONT take one option byte; IAC SB ... IAC SE is
 * subnegotiation (RFC 855); IAC IAC is a data byte 255). Only printable US-ASCII is kept, at
 * most {@link #MAX_BANNER} bytes. Never fed the client's stream: what a user types (passwords)
 * is not read at all. Not thread-safe.
 */
public final class TelnetBannerParser implements StreamListener {
    public static final DecodeEventType BANNER_TOO_LONG = DecodeEventType.register("telnet.banner_too_long",
        "Telnet server banner line longer than the cap; logged cut", DecodeEventType.KIND_OVERFLOW);

    public static final int MAX_BANNER = 128;

    private static final int IAC = 255;
    private static final int SE = 240;
    private static final int SB = 250;
    private static final int WILL = 251;

    private static final int DATA = 0;
    private static final int COMMAND = 1;
    private static final int OPTION = 2;
    private static final int SUBNEG = 3;
    private static final int SUBNEG_IAC = 4;

    /** Receives the decode events. */
    public interface Sink {
        void onEvent(DecodeEventType type);
    }

    private final byte[] banner = new byte[MAX_BANNER];
    private int len;
    private int state;
    private boolean done;
    private String result;
    private Sink sink;

    public void reset(Sink sink) {
        this.sink = sink;
        len = 0;
        state = DATA;
        done = false;
        result = null;
    }

    /** The banner line, or null when the server sent no text. */
    public String banner() {
        return result;
    }

    public boolean done() {
        return done;
    }

    @Override
    public void onData(DirectBuffer buf, int offset, int length) {
        for (int i = offset, end = offset + length; i < end && !done; i++) {
            int b = buf.getByte(i) & 0xFF;
            switch (state) {
                case DATA:
                    if (b == IAC) {
                        state = COMMAND;
                    } else {
                        text(b);
                    }
                    break;
                case COMMAND:
                    if (b == IAC) {
                        state = DATA;
                        text(b); // escaped 255: not printable, dropped
                    } else if (b == SB) {
                        state = SUBNEG;
                    } else if (b >= WILL) {
                        state = OPTION;
                    } else {
                        state = DATA; // NOP, GA, AYT ...: two-byte commands
                    }
                    break;
                case OPTION:
                    state = DATA;
                    break;
                case SUBNEG:
                    if (b == IAC) {
                        state = SUBNEG_IAC;
                    }
                    break;
                default: // SUBNEG_IAC
                    state = b == SE ? DATA : SUBNEG;
                    break;
            }
        }
    }

    private void text(int b) {
        if (b == '\r' || b == '\n') {
            if (len > 0) {
                complete();
            }
            return;
        }
        if (b < 0x20 || b > 0x7E) {
            return;
        }
        if (b == ' ' && len == 0) {
            return; // leading blanks
        }
        if (len == MAX_BANNER) {
            if (sink != null) {
                sink.onEvent(BANNER_TOO_LONG);
            }
            complete();
            return;
        }
        banner[len++] = (byte) b;
    }

    private void complete() {
        int n = len;
        while (n > 0 && banner[n - 1] == ' ') {
            n--;
        }
        result = new String(banner, 0, n, StandardCharsets.US_ASCII);
        done = true;
    }

    @Override
    public void onGap(long missingBytes) {
        if (!done && len > 0) {
            complete(); // the line is cut by the gap: keep what was seen
        }
        state = DATA;
    }

    /**
     * The stream ends, or the client starts typing (the server's echo must not be read): a
     * prompt without a line end ("login: ") is the banner. Nothing more is read after this.
     */
    public void finish() {
        if (!done && len > 0) {
            complete();
        }
        done = true;
    }

    @Override
    public void onFin() {
        finish();
    }

    @Override
    public void onEvent(DecodeEventType type) {
        if (sink != null) {
            sink.onEvent(type);
        }
    }
}
