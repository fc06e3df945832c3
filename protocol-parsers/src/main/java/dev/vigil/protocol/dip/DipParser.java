package dev.vigil.protocol.dip;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.DirectBuffer;

/**
 * Tokenizer for one DIP ("Display-data over IP") message: the text control protocol between
 * intercom stations and their server (TCP 50001, and UDP 5001 to the multicast group
 * {@code 239.192.<node>.0}).
 *
 * <p>Source: the only description we rely on is the team's vendor facts
 * ({@code shared/protocols/zenitel-facts.md}); no public specification of the wire format
 * exists. What it states, and this parser enforces:
 * <pre>
 *   message   = ref SP command *( SP param )          ; at most 500 bytes
 *   ref       = 1*HEXDIG                              ; the station's physical number
 *   command   = token                                 ; con, auc, aue, agc, age, bon, bof, ind, ...
 *   param     = number / ipv4 / quoted / token
 *   number    = 1*HEXDIG                              ; numbers are hexadecimal
 *   ipv4      = dec-octet "." dec-octet "." dec-octet "." dec-octet
 *   quoted    = DQUOTE *( "\" DQUOTE / any byte but DQUOTE ) DQUOTE
 *   token     = 1*( any byte but SP )                 ; a text constant without spaces
 *   SP        = %x20                                  ; exactly one between parameters
 * </pre>
 * An unknown command word is a value, never an error. Only {@code \"} is an escape: any other
 * backslash is literal text. How messages are delimited on TCP is not documented; see
 * {@link DipStreamFramer} for the framing rule and its assumption.
 *
 * <p>Anomalies are recorded on the view, once each per message, and never thrown:
 * {@link #EMPTY}, {@link #BAD_REF}, {@link #MISSING_COMMAND}, {@link #BAD_SEPARATOR},
 * {@link #UNTERMINATED_STRING}, {@link #CONTROL_CHARACTER} (malformed);
 * {@link #MESSAGE_TOO_LONG}, {@link #TOO_MANY_PARAMS} (caps). {@link #BAD_NUMBER} and
 * {@link #INCOMPLETE} are recorded by the callers that interpret parameters and frame streams.
 *
 * <p>One instance per thread; {@link #parse} reuses one {@link DipView} and allocates nothing.
 */
public final class DipParser {
    /** The documented maximum length of a DIP message, in bytes. */
    public static final int MAX_MESSAGE_LENGTH = 500;
    /** Default cap on parameters kept per message (the longest documented command, {@code con}, has 13). */
    public static final int DEFAULT_MAX_PARAMS = 32;

    public static final DecodeEventType EMPTY = DecodeEventType.register("dip.empty",
            "A DIP message without any token (empty, or only spaces).", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_REF = DecodeEventType.register("dip.bad_ref",
            "A DIP message that does not start with a hexadecimal reference (the station's physical number).",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType MISSING_COMMAND = DecodeEventType.register("dip.missing_command",
            "A DIP message with a reference but no command word.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_SEPARATOR = DecodeEventType.register("dip.bad_separator",
            "DIP tokens not separated by exactly one space (leading, trailing or doubled space, or text right "
                    + "after a closing quote).", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType UNTERMINATED_STRING = DecodeEventType.register("dip.unterminated_string",
            "A quoted DIP string without its closing quote.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType CONTROL_CHARACTER = DecodeEventType.register("dip.control_character",
            "A control character (below 0x20, or 0x7F) inside a DIP message, which is human-readable text.",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_NUMBER = DecodeEventType.register("dip.bad_number",
            "A parameter of a documented DIP command that must be a number (hexadecimal) or an IPv4 address "
                    + "is not one; the field is left out.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType MESSAGE_TOO_LONG = DecodeEventType.register("dip.message_too_long",
            "A DIP message longer than 500 bytes; only its first 500 bytes are parsed.",
            DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType TOO_MANY_PARAMS = DecodeEventType.register("dip.too_many_params",
            "A DIP message with more parameters than the configured cap; the rest are counted, not kept.",
            DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType INCOMPLETE = DecodeEventType.register("dip.incomplete",
            "A DIP message cut short by a gap in the TCP stream (bytes never captured).",
            DecodeEventType.KIND_TRUNCATED);

    private final DipView view;

    public DipParser() {
        this(DEFAULT_MAX_PARAMS);
    }

    /** @param maxParams parameters kept per message, in [1, 4096] */
    public DipParser(int maxParams) {
        this.view = new DipView(maxParams);
    }

    /** Parses the message {@code buffer[offset, offset + length)}. */
    public DipView parse(DirectBuffer buffer, int offset, int length) {
        return parse(buffer, offset, length, length);
    }

    /**
     * Parses a message of which only the first {@code length} bytes are at hand (a framer keeps
     * at most {@link #MAX_MESSAGE_LENGTH} bytes of an over-long message).
     *
     * @param messageLength the message's full length, at least {@code length}
     */
    public DipView parse(DirectBuffer buffer, int offset, int length, int messageLength) {
        final int len = Math.max(0, length);
        final DipView v = view.reset(buffer, offset, len, Math.max(len, messageLength));
        if (len == 0) {
            v.add(EMPTY);
            return v;
        }
        final boolean cut = len > MAX_MESSAGE_LENGTH || messageLength > MAX_MESSAGE_LENGTH;
        final int n = Math.min(len, MAX_MESSAGE_LENGTH);
        v.length(n);
        if (cut) {
            v.truncated(true);
            v.add(MESSAGE_TOO_LONG);
        }
        final int end = offset + n;
        int tokens = 0;
        int p = offset;
        while (p < end) {
            int b = buffer.getByte(p) & 0xFF;
            if (b == ' ') {
                // an empty token: leading space or a second space in a row
                v.add(BAD_SEPARATOR);
                p++;
                continue;
            }
            final int start = p;
            int flags = 0;
            if (b == '"') {
                int close = closingQuote(buffer, p + 1, end);
                if (close < 0) {
                    flags = DipView.QUOTED | DipView.UNTERMINATED;
                    p = end;
                    if (!cut) {
                        // a string cut by the 500-byte cap is truncated, not malformed
                        v.add(UNTERMINATED_STRING);
                    }
                } else {
                    p = close + 1;
                    flags = DipView.QUOTED;
                    if (p < end && buffer.getByte(p) != ' ') {
                        // text glued to the closing quote: keep the whole run as one plain token
                        v.add(BAD_SEPARATOR);
                        flags = 0;
                        p = nextSpace(buffer, p, end);
                    }
                }
            } else {
                p = nextSpace(buffer, p, end);
            }
            token(v, tokens++, buffer, start, p - start, flags);
            if (p < end) {
                p++; // the separating space
                if (p == end && !cut) {
                    v.add(BAD_SEPARATOR); // trailing space
                }
            }
        }
        if (tokens == 0) {
            v.add(EMPTY);
        } else if (tokens == 1) {
            v.add(MISSING_COMMAND);
        }
        for (int k = offset; k < end; k++) {
            int c = buffer.getByte(k) & 0xFF;
            if (c < 0x20 || c == 0x7F) {
                v.add(CONTROL_CHARACTER);
                break;
            }
        }
        return v;
    }

    private static void token(DipView v, int index, DirectBuffer buffer, int off, int len, int flags) {
        if (index == 0) {
            long ref = (flags & DipView.QUOTED) != 0 ? -1 : DipView.hex(buffer, off, len);
            if (ref < 0) {
                v.add(BAD_REF);
            }
            v.ref(ref, off, len);
        } else if (index == 1) {
            v.command(off, len, flags);
        } else if (!v.addParam(off, len, flags)) {
            v.add(TOO_MANY_PARAMS);
        }
    }

    /** Index of the quote closing a string whose content starts at {@code from}, or -1; {@code \"} is escaped. */
    private static int closingQuote(DirectBuffer buffer, int from, int end) {
        for (int q = from; q < end; q++) {
            byte c = buffer.getByte(q);
            if (c == '\\' && q + 1 < end && buffer.getByte(q + 1) == '"') {
                q++;
            } else if (c == '"') {
                return q;
            }
        }
        return -1;
    }

    private static int nextSpace(DirectBuffer buffer, int from, int end) {
        int p = from;
        while (p < end && buffer.getByte(p) != ' ') {
            p++;
        }
        return p;
    }
}
