package dev.vigil.protocol.tftp;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.kaitai.Tftp;
import io.kaitai.struct.ByteBufferKaitaiStream;
import io.kaitai.struct.KaitaiStruct;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.agrona.DirectBuffer;

/**
 * Decodes one TFTP datagram through the Kaitai-generated {@link Tftp}
 * ({@code src/main/kaitai/tftp.ksy}) into a {@link TftpMessage}. The only class that touches that
 * generated code; every failure of it becomes a status and a decode event, never an exception.
 *
 * <p>TFTP: RFC 1350 (https://www.rfc-editor.org/rfc/rfc1350), option extension RFC 2347, blksize
 * RFC 2348, timeout and tsize RFC 2349, windowsize RFC 7440.
 * <pre>
 *   2 bytes    string  1   string  1   string  1   string  1
 *  | 01/02 | filename | 0 | mode | 0 | opt1  | 0 | value1 | 0 | ...   RRQ / WRQ
 *  |  03   | block (2) | data (0..blksize bytes) |                    DATA
 *  |  04   | block (2) |                                              ACK
 *  |  05   | error code (2) | message | 0 |                           ERROR
 *  |  06   | opt1 | 0 | value1 | 0 | ... |                             OACK
 * </pre>
 * Every variable-size part has a cap ({@link #MAX_FILENAME_BYTES}, {@link #MAX_STRING_BYTES},
 * {@link #MAX_OPTIONS}); what exceeds it is cut and recorded as an overflow event. Filenames are
 * attacker-controlled text: they are reported, never used to build a path.
 *
 * <p>Not on the per-packet hot path of the sensor (TFTP is rare), so the Kaitai runtime's
 * allocations are accepted; the payload is copied once into a scratch array the adapter reuses,
 * and DATA bytes are not copied again (the spec reads them lazily; the adapter asks only their
 * length).
 * One adapter per thread.
 */
public final class TftpKaitaiAdapter {
    /** Filename bytes reported at most; longer names are cut ({@link #FILENAME_TOO_LONG}). */
    public static final int MAX_FILENAME_BYTES = 255;
    /** Bytes of a mode, option name or value, or error message reported at most ({@link #STRING_TOO_LONG}). */
    public static final int MAX_STRING_BYTES = 255;
    /** Options of one request or OACK decoded at most ({@link #TOO_MANY_OPTIONS}); RFC 2347 defines 4 in use. */
    public static final int MAX_OPTIONS = 16;
    /** Largest UDP payload. */
    static final int MAX_DATAGRAM = 65_535;

    /** RFC 2348 section 2: blksize 8..65464. */
    static final int MIN_BLKSIZE = 8;
    static final int MAX_BLKSIZE = 65_464;
    /** RFC 2349 section 2: timeout 1..255 seconds. */
    static final int MAX_TIMEOUT = 255;
    /** RFC 7440 section 3: windowsize 1..65535. */
    static final int MAX_WINDOWSIZE = 65_535;

    public static final DecodeEventType TRUNCATED = DecodeEventType.register("tftp.truncated",
            "The TFTP datagram ends before its opcode, block number, error code, filename or mode.",
            DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType BAD_OPCODE = DecodeEventType.register("tftp.bad_opcode",
            "The TFTP opcode is not 1..6 (RRQ, WRQ, DATA, ACK, ERROR, OACK).", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType UNTERMINATED_STRING = DecodeEventType.register("tftp.unterminated_string",
            "A TFTP filename, mode, option or error message reaches the end of the datagram without its NUL.",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType MISSING_OPTION_VALUE = DecodeEventType.register(
            "tftp.missing_option_value", "A TFTP option name is the last string of the datagram: its value is missing.",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_OPTION_VALUE = DecodeEventType.register("tftp.bad_option_value",
            "A TFTP blksize, timeout, tsize or windowsize value is not a number in its RFC range.",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType TRAILING_DATA = DecodeEventType.register("tftp.trailing_data",
            "Bytes follow the end of a TFTP ACK or ERROR message.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType FILENAME_TOO_LONG = DecodeEventType.register("tftp.filename_too_long",
            "A TFTP filename is longer than the reported maximum; it is cut.", DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType STRING_TOO_LONG = DecodeEventType.register("tftp.string_too_long",
            "A TFTP mode, option or error message is longer than the reported maximum; it is cut.",
            DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType TOO_MANY_OPTIONS = DecodeEventType.register("tftp.too_many_options",
            "A TFTP request or OACK carries more options than are decoded; the rest are ignored.",
            DecodeEventType.KIND_OVERFLOW);

    private byte[] scratch = new byte[1024];

    /** Decodes {@code bytes} into a new message (tests, tools). */
    public static TftpMessage parse(byte[] bytes) {
        return new TftpKaitaiAdapter().parse(new org.agrona.concurrent.UnsafeBuffer(bytes), 0, bytes.length,
                new TftpMessage());
    }

    /**
     * Decodes the datagram {@code buffer[offset, offset + length)} into {@code out} (reset first)
     * and returns it. Never throws on any content; reads nothing outside the range.
     */
    public TftpMessage parse(DirectBuffer buffer, int offset, int length, TftpMessage out) {
        out.reset();
        if (length < 2) {
            out.fail(TftpMessage.STATUS_TRUNCATED, TRUNCATED);
            return out;
        }
        length = Math.min(length, MAX_DATAGRAM);
        int opcode = buffer.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        out.opcode = opcode;
        if (!out.knownOpcode()) {
            out.fail(TftpMessage.STATUS_MALFORMED, BAD_OPCODE);
            return out;
        }
        if (opcode >= TftpMessage.DATA && opcode <= TftpMessage.ERROR && length < 4) {
            // DATA and ACK need the block number, ERROR its code (RFC 1350 section 5)
            out.fail(TftpMessage.STATUS_TRUNCATED, TRUNCATED);
            return out;
        }
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, Math.min(MAX_DATAGRAM, scratch.length * 2))];
        }
        buffer.getBytes(offset, scratch, 0, length);
        Tftp msg;
        try {
            msg = new Tftp(new ByteBufferKaitaiStream(ByteBuffer.wrap(scratch, 0, length).slice()), MAX_OPTIONS);
        } catch (RuntimeException e) {
            // the lengths were checked above and strings do not fail at the end of the stream, so
            // this is unexpected: treat it as the datagram ending inside a field
            out.fail(TftpMessage.STATUS_TRUNCATED, TRUNCATED);
            return out;
        }
        KaitaiStruct body = msg.body();
        switch (opcode) {
            case TftpMessage.RRQ:
            case TftpMessage.WRQ:
                request((Tftp.Request) body, out);
                break;
            case TftpMessage.DATA:
                out.block = ((Tftp.Data) body).block();
                out.dataLength = ((Tftp.Data) body).lenData();
                break;
            case TftpMessage.ACK:
                out.block = ((Tftp.Ack) body).block();
                if (length > 4) {
                    out.fail(TftpMessage.STATUS_MALFORMED, TRAILING_DATA);
                }
                break;
            case TftpMessage.ERROR:
                error((Tftp.Error) body, out);
                break;
            default:
                options(((Tftp.Oack) body).options(), out);
                break;
        }
        if (out.isRequest() || opcode == TftpMessage.OACK) {
            // the spec stops after MAX_OPTIONS options: anything left is more options
            if (!msg._io().isEof()) {
                out.event(TOO_MANY_OPTIONS);
            }
        }
        return out;
    }

    /** RFC 1350 section 5 and RFC 2347 section 2: filename, mode, then option pairs. */
    private static void request(Tftp.Request r, TftpMessage out) {
        byte[] name = r.filename();
        if (name == null || name.length == 0) {
            // the datagram ends right after the opcode
            out.fail(TftpMessage.STATUS_TRUNCATED, TRUNCATED);
            return;
        }
        int len = contentLength(name);
        out.filenameBytes = len;
        if (len > MAX_FILENAME_BYTES) {
            out.event(FILENAME_TOO_LONG);
        }
        out.filename = text(name, Math.min(len, MAX_FILENAME_BYTES));
        if (!terminated(name)) {
            out.fail(TftpMessage.STATUS_MALFORMED, UNTERMINATED_STRING);
            return;
        }
        byte[] mode = r.mode();
        if (mode == null) {
            out.fail(TftpMessage.STATUS_TRUNCATED, TRUNCATED);
            return;
        }
        out.mode = string(mode, out);
        if (!terminated(mode)) {
            return;
        }
        options(r.options(), out);
    }

    /** RFC 1350 section 5: error code, then a NUL-terminated message. */
    private static void error(Tftp.Error e, TftpMessage out) {
        out.errorCode = e.code();
        byte[] message = e.message();
        if (message == null || message.length == 0) {
            out.fail(TftpMessage.STATUS_TRUNCATED, TRUNCATED);
            return;
        }
        out.errorMessage = string(message, out);
        if (terminated(message) && !e._io().isEof()) {
            out.fail(TftpMessage.STATUS_MALFORMED, TRAILING_DATA);
        }
    }

    /** RFC 2347 section 2: name/value pairs; the values RFC 2348, 2349 and 7440 define are checked. */
    private static void options(List<Tftp.Option> options, TftpMessage out) {
        if (options == null) {
            return;
        }
        int n = Math.min(options.size(), MAX_OPTIONS);
        for (int i = 0; i < n; i++) {
            Tftp.Option o = options.get(i);
            String name = string(o.name(), out);
            String value = null;
            if (terminated(o.name())) {
                if (o.value() == null) {
                    out.fail(TftpMessage.STATUS_MALFORMED, MISSING_OPTION_VALUE);
                } else {
                    value = string(o.value(), out);
                }
            }
            out.optionNames[i] = name;
            out.optionValues[i] = value;
            out.optionCount = i + 1;
            if (value != null) {
                interpret(name, value, out);
            }
        }
    }

    private static void interpret(String name, String value, TftpMessage out) {
        if ("blksize".equalsIgnoreCase(name)) {
            long v = decimal(value);
            if (v >= MIN_BLKSIZE && v <= MAX_BLKSIZE) {
                out.blksize = (int) v;
            } else {
                out.fail(TftpMessage.STATUS_MALFORMED, BAD_OPTION_VALUE);
            }
        } else if ("timeout".equalsIgnoreCase(name)) {
            long v = decimal(value);
            if (v >= 1 && v <= MAX_TIMEOUT) {
                out.timeout = (int) v;
            } else {
                out.fail(TftpMessage.STATUS_MALFORMED, BAD_OPTION_VALUE);
            }
        } else if ("tsize".equalsIgnoreCase(name)) {
            long v = decimal(value);
            if (v >= 0) {
                out.tsize = v;
            } else {
                out.fail(TftpMessage.STATUS_MALFORMED, BAD_OPTION_VALUE);
            }
        } else if ("windowsize".equalsIgnoreCase(name)) {
            long v = decimal(value);
            if (v >= 1 && v <= MAX_WINDOWSIZE) {
                out.windowsize = (int) v;
            } else {
                out.fail(TftpMessage.STATUS_MALFORMED, BAD_OPTION_VALUE);
            }
        }
    }

    /** A non-negative decimal number of at most 18 digits, or -1. */
    static long decimal(String s) {
        int n = s.length();
        if (n == 0 || n > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** A NUL-terminated string of the spec as text, capped at {@link #MAX_STRING_BYTES}; records its events. */
    private static String string(byte[] raw, TftpMessage out) {
        int len = contentLength(raw);
        if (len > MAX_STRING_BYTES) {
            out.event(STRING_TOO_LONG);
        }
        if (!terminated(raw)) {
            out.fail(TftpMessage.STATUS_MALFORMED, UNTERMINATED_STRING);
        }
        return text(raw, Math.min(len, MAX_STRING_BYTES));
    }

    /** The spec keeps the terminator (include: true): a string without one reached the datagram's end. */
    private static boolean terminated(byte[] raw) {
        return raw.length > 0 && raw[raw.length - 1] == 0;
    }

    private static int contentLength(byte[] raw) {
        return terminated(raw) ? raw.length - 1 : raw.length;
    }

    /** UTF-8 with replacement of invalid sequences (RFC 1350 says netascii; real names are often UTF-8). */
    private static String text(byte[] raw, int len) {
        return new String(raw, 0, len, StandardCharsets.UTF_8);
    }
}
