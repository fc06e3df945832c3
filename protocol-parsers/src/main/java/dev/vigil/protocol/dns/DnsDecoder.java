package dev.vigil.protocol.dns;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.DirectBuffer;

/**
 * One DNS or mDNS message (RFC 1035 section 4, RFC 6762 section 18): validates the header, the
 * question section and the resource records of the answer, authority and additional sections,
 * and keeps their offsets (names, types, classes, TTLs, RDATA) for the logger. Names are read on
 * demand with {@link #name(int, byte[])}, which follows compression pointers (RFC 1035 section
 * 4.1.4) with a hop limit, so a pointer loop ends as {@link #POINTER_LOOP} instead of spinning.
 *
 * <p>Limits: a name longer than 255 octets on the wire (RFC 1035 section 3.1) is
 * {@link #NAME_TOO_LONG}; at most {@code maxQuestions} questions and {@code maxRecords} resource
 * records are kept ({@link #TOO_MANY_RECORDS} beyond, the header counts stay visible). A section
 * that ends before its header count is {@link #TRUNCATED}; what was read before stays usable
 * (a partial message carries its failure). Names inside RDATA (NS, CNAME, PTR, MX, SRV, SOA) are
 * checked too; a bad one marks that record only ({@link #rdataValid(int)}).
 *
 * <p>Allocation-free; one instance per thread; results valid until the next decode.
 */
public final class DnsDecoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("dns.truncated",
            "A DNS message ends inside its header, a name, a record or before the records its header counts.",
            DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType BAD_POINTER = DecodeEventType.register("dns.bad_pointer",
            "A DNS name compression pointer points outside the message.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType POINTER_LOOP = DecodeEventType.register("dns.pointer_loop",
            "A DNS name follows more compression pointers than the hop limit (a loop).",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType NAME_TOO_LONG = DecodeEventType.register("dns.name_too_long",
            "A DNS name is longer than 255 octets on the wire (RFC 1035 section 3.1).",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_LABEL = DecodeEventType.register("dns.bad_label",
            "A DNS label length byte uses the reserved types 01 or 10 (RFC 6891 section 5).",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_RDATA = DecodeEventType.register("dns.bad_rdata",
            "A DNS record's RDATA does not fit its type (A not 4 bytes, AAAA not 16, a name running past it ...).",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType TOO_MANY_RECORDS = DecodeEventType.register("dns.too_many_records",
            "A DNS message has more questions or resource records than the cap; the rest are not decoded.",
            DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType TXT_TOO_LONG = DecodeEventType.register("dns.txt_too_long",
            "A DNS TXT record's text is longer than the logger's cap; it is cut.", DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType TRAILING_DATA = DecodeEventType.register("dns.trailing_data",
            "Bytes follow the last record a DNS header counts.", DecodeEventType.KIND_MALFORMED);

    public static final int STATUS_OK = 0;
    public static final int STATUS_TRUNCATED = 1;
    public static final int STATUS_MALFORMED = 2;

    public static final int SECTION_ANSWER = 1;
    public static final int SECTION_AUTHORITY = 2;
    public static final int SECTION_ADDITIONAL = 3;

    public static final int TYPE_A = 1;
    public static final int TYPE_NS = 2;
    public static final int TYPE_CNAME = 5;
    public static final int TYPE_SOA = 6;
    public static final int TYPE_PTR = 12;
    public static final int TYPE_MX = 15;
    public static final int TYPE_TXT = 16;
    public static final int TYPE_AAAA = 28;
    public static final int TYPE_SRV = 33;
    public static final int TYPE_OPT = 41;
    public static final int TYPE_DNAME = 39;
    public static final int TYPE_NSEC = 47;

    /** RFC 1035 section 3.1: at most 255 octets on the wire, length bytes and root included. */
    public static final int MAX_NAME_WIRE_LENGTH = 255;
    /** Longest dotted text of a name: 255 wire octets give at most 253 characters plus slack. */
    public static final int MAX_NAME_TEXT = 256;
    public static final int DEFAULT_MAX_QUESTIONS = 32;
    public static final int DEFAULT_MAX_RECORDS = 128;
    public static final int DEFAULT_MAX_POINTER_HOPS = 32;
    public static final int MAX_EVENTS = 8;

    // name walk results (negative)
    private static final int E_TRUNCATED = -1;
    private static final int E_BAD_POINTER = -2;
    private static final int E_LOOP = -3;
    private static final int E_TOO_LONG = -4;
    private static final int E_BAD_LABEL = -5;

    private final int maxQuestions;
    private final int maxRecords;
    private final int maxPointerHops;
    private final DnsFlyweight header = new DnsFlyweight();

    private final int[] qName;
    private final int[] qType;
    private final int[] qClass;
    private final int[] rName;
    private final int[] rType;
    private final int[] rClass;
    private final long[] rTtl;
    private final int[] rData;
    private final int[] rDataLength;
    private final byte[] rSection;
    private final boolean[] rValid;
    private final DecodeEventType[] events = new DecodeEventType[MAX_EVENTS];

    private DirectBuffer buffer;
    private int base;
    private int length;
    private int questions;
    private int records;
    private int eventCount;
    private int status;
    private boolean hasHeader;
    private int nameEnd;

    public DnsDecoder() {
        this(DEFAULT_MAX_QUESTIONS, DEFAULT_MAX_RECORDS, DEFAULT_MAX_POINTER_HOPS);
    }

    /**
     * @param maxQuestions   questions kept per message, in [1, 65535]
     * @param maxRecords     resource records kept per message (all sections), in [1, 65535]
     * @param maxPointerHops compression pointers followed per name, in [1, 255]
     */
    public DnsDecoder(int maxQuestions, int maxRecords, int maxPointerHops) {
        if (maxQuestions < 1 || maxQuestions > 65535 || maxRecords < 1 || maxRecords > 65535
                || maxPointerHops < 1 || maxPointerHops > 255) {
            throw new IllegalArgumentException("bad DNS caps " + maxQuestions + "/" + maxRecords + "/" + maxPointerHops);
        }
        this.maxQuestions = maxQuestions;
        this.maxRecords = maxRecords;
        this.maxPointerHops = maxPointerHops;
        qName = new int[maxQuestions];
        qType = new int[maxQuestions];
        qClass = new int[maxQuestions];
        rName = new int[maxRecords];
        rType = new int[maxRecords];
        rClass = new int[maxRecords];
        rTtl = new long[maxRecords];
        rData = new int[maxRecords];
        rDataLength = new int[maxRecords];
        rSection = new byte[maxRecords];
        rValid = new boolean[maxRecords];
    }

    /**
     * Decodes one message (a UDP payload, or a TCP message without its 2-byte length prefix).
     *
     * @return {@link #STATUS_OK}, {@link #STATUS_TRUNCATED} or {@link #STATUS_MALFORMED}
     */
    public int decode(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.base = offset;
        this.length = Math.max(0, length);
        questions = 0;
        records = 0;
        eventCount = 0;
        status = STATUS_OK;
        header.wrap(buffer, offset, this.length);
        hasHeader = this.length >= DnsFlyweight.HEADER_LENGTH;
        if (!hasHeader) {
            return fail(STATUS_TRUNCATED, TRUNCATED);
        }
        int pos = DnsFlyweight.HEADER_LENGTH;
        int qd = header.questionCount();
        for (int i = 0; i < qd; i++) {
            if (i == maxQuestions) {
                return fail(STATUS_OK, TOO_MANY_RECORDS);
            }
            int end = walk(pos, null);
            if (end < 0) {
                return nameError(end);
            }
            if (end + 4 > this.length) {
                return fail(STATUS_TRUNCATED, TRUNCATED);
            }
            qName[questions] = pos;
            qType[questions] = u16(end);
            qClass[questions] = u16(end + 2);
            questions++;
            pos = end + 4;
        }
        for (int section = SECTION_ANSWER; section <= SECTION_ADDITIONAL; section++) {
            int count = section == SECTION_ANSWER ? header.answerCount()
                    : section == SECTION_AUTHORITY ? header.authorityCount() : header.additionalCount();
            for (int i = 0; i < count; i++) {
                if (records == maxRecords) {
                    return fail(STATUS_OK, TOO_MANY_RECORDS);
                }
                int end = walk(pos, null);
                if (end < 0) {
                    return nameError(end);
                }
                if (end + 10 > this.length) {
                    return fail(STATUS_TRUNCATED, TRUNCATED);
                }
                int rdlength = u16(end + 8);
                int rdata = end + 10;
                if (rdata + rdlength > this.length) {
                    return fail(STATUS_TRUNCATED, TRUNCATED);
                }
                int r = records++;
                rName[r] = pos;
                rType[r] = u16(end);
                rClass[r] = u16(end + 2);
                rTtl[r] = ((long) u16(end + 4) << 16) | u16(end + 6);
                rData[r] = rdata;
                rDataLength[r] = rdlength;
                rSection[r] = (byte) section;
                rValid[r] = checkRdata(rType[r], rdata, rdlength);
                pos = rdata + rdlength;
            }
        }
        if (pos < this.length) {
            fail(STATUS_MALFORMED, TRAILING_DATA);
        }
        return status;
    }

    private boolean checkRdata(int type, int at, int len) {
        int end = at + len;
        switch (type) {
            case TYPE_A:
                return len == 4 || rdataError();
            case TYPE_AAAA:
                return len == 16 || rdataError();
            case TYPE_NS:
            case TYPE_CNAME:
            case TYPE_PTR:
            case TYPE_DNAME:
                return rdataName(at, end) == end || rdataError();
            case TYPE_MX:
                return len >= 3 && rdataName(at + 2, end) == end || rdataError();
            case TYPE_SRV:
                return len >= 7 && rdataName(at + 6, end) == end || rdataError();
            case TYPE_SOA: {
                int p = rdataName(at, end);
                p = p < 0 ? p : rdataName(p, end);
                return p >= 0 && p + 20 == end || rdataError();
            }
            case TYPE_NSEC: {
                // RFC 4034 section 4.1: next domain name, then type bit maps (window, length 1-32, bits)
                int p = rdataName(at, end);
                if (p < 0) {
                    return rdataError();
                }
                while (p < end) {
                    if (p + 2 > end) {
                        return rdataError();
                    }
                    int n = buffer.getByte(base + p + 1) & 0xFF;
                    if (n < 1 || n > 32 || p + 2 + n > end) {
                        return rdataError();
                    }
                    p += 2 + n;
                }
                return true;
            }
            case TYPE_TXT: {
                int p = at;
                while (p < end) {
                    p += 1 + (buffer.getByte(base + p) & 0xFF);
                }
                return p == end || rdataError();
            }
            default:
                return true;
        }
    }

    /** A name inside RDATA that must end by {@code end}: its end, or -1 (event recorded). */
    private int rdataName(int at, int end) {
        if (at >= end) {
            return -1;
        }
        int e = walk(at, null);
        if (e < 0) {
            nameError(e);
            return -1;
        }
        return e <= end ? e : -1;
    }

    private boolean rdataError() {
        fail(STATUS_MALFORMED, BAD_RDATA);
        return false;
    }

    private int nameError(int code) {
        switch (code) {
            case E_TRUNCATED: return fail(STATUS_TRUNCATED, TRUNCATED);
            case E_BAD_POINTER: return fail(STATUS_MALFORMED, BAD_POINTER);
            case E_LOOP: return fail(STATUS_MALFORMED, POINTER_LOOP);
            case E_TOO_LONG: return fail(STATUS_MALFORMED, NAME_TOO_LONG);
            default: return fail(STATUS_MALFORMED, BAD_LABEL);
        }
    }

    private int fail(int s, DecodeEventType type) {
        for (int i = 0; i < eventCount; i++) {
            if (events[i] == type) {
                status = Math.max(status, s);
                return status;
            }
        }
        if (eventCount < MAX_EVENTS) {
            events[eventCount++] = type;
        }
        status = Math.max(status, s);
        return status;
    }

    /**
     * Walks the name at message offset {@code pos}. Returns the offset just after the name where
     * it starts (after the first pointer, if any), or a negative error; when {@code out} is not
     * null the dotted text (UTF-8 bytes as on the wire, no trailing dot, empty for the root) goes
     * there and its length into {@link #nameEnd}.
     */
    private int walk(int pos, byte[] out) {
        int end = -1;
        int hops = 0;
        int wire = 0;
        int n = 0;
        while (true) {
            if (pos >= length) {
                return E_TRUNCATED;
            }
            int len = buffer.getByte(base + pos) & 0xFF;
            if ((len & 0xC0) == 0xC0) {
                if (pos + 1 >= length) {
                    return E_TRUNCATED;
                }
                int target = ((len & 0x3F) << 8) | (buffer.getByte(base + pos + 1) & 0xFF);
                if (end < 0) {
                    end = pos + 2;
                }
                if (++hops > maxPointerHops) {
                    return E_LOOP;
                }
                if (target >= length) {
                    return E_BAD_POINTER;
                }
                pos = target;
                continue;
            }
            if ((len & 0xC0) != 0) {
                return E_BAD_LABEL;
            }
            wire += len + 1;
            if (wire > MAX_NAME_WIRE_LENGTH) {
                return E_TOO_LONG;
            }
            if (len == 0) {
                if (end < 0) {
                    end = pos + 1;
                }
                nameEnd = n;
                return end;
            }
            if (pos + 1 + len > length) {
                return E_TRUNCATED;
            }
            if (out != null) {
                if (n > 0) {
                    out[n++] = '.';
                }
                buffer.getBytes(base + pos + 1, out, n, len);
                n += len;
            }
            pos += 1 + len;
        }
    }

    /**
     * Writes the dotted name at message offset {@code at} into {@code out} (at least
     * {@link #MAX_NAME_TEXT} bytes; UTF-8 as on the wire, empty for the root).
     *
     * @return its length, or -1 when the name is broken
     */
    public int name(int at, byte[] out) {
        int e = walk(at, out);
        return e < 0 ? -1 : nameEnd;
    }

    private int u16(int at) {
        return ((buffer.getByte(base + at) & 0xFF) << 8) | (buffer.getByte(base + at + 1) & 0xFF);
    }

    /** Unsigned 16-bit value at a message offset (inside RDATA, for loggers). */
    public int u16At(int at) {
        return u16(at);
    }

    /** Unsigned byte at a message offset. */
    public int u8At(int at) {
        return buffer.getByte(base + at) & 0xFF;
    }

    /** Unsigned 32-bit value at a message offset. */
    public long u32At(int at) {
        return ((long) u16(at) << 16) | u16(at + 2);
    }

    /** Copies message bytes (RDATA) out. */
    public void bytesAt(int at, byte[] out, int outOffset, int n) {
        buffer.getBytes(base + at, out, outOffset, n);
    }

    public DnsFlyweight header() {
        return header;
    }

    /** True when the 12-byte header was there (id, flags and counts are readable). */
    public boolean hasHeader() {
        return hasHeader;
    }

    public int status() {
        return status;
    }

    public int eventCount() {
        return eventCount;
    }

    public DecodeEventType event(int i) {
        return events[i];
    }

    /** Questions decoded (at most the cap, fewer when the message breaks). */
    public int questions() {
        return questions;
    }

    public int questionName(int i) {
        return qName[i];
    }

    public int questionType(int i) {
        return qType[i];
    }

    public int questionClass(int i) {
        return qClass[i];
    }

    /** Resource records decoded over all three sections, in message order. */
    public int records() {
        return records;
    }

    /** {@link #SECTION_ANSWER}, {@link #SECTION_AUTHORITY} or {@link #SECTION_ADDITIONAL}. */
    public int recordSection(int i) {
        return rSection[i];
    }

    public int recordName(int i) {
        return rName[i];
    }

    public int recordType(int i) {
        return rType[i];
    }

    public int recordClass(int i) {
        return rClass[i];
    }

    public long recordTtl(int i) {
        return rTtl[i];
    }

    /** Message offset of the record's RDATA. */
    public int recordData(int i) {
        return rData[i];
    }

    public int recordDataLength(int i) {
        return rDataLength[i];
    }

    /** False when the RDATA does not fit the record's type (see {@link #BAD_RDATA}). */
    public boolean rdataValid(int i) {
        return rValid[i];
    }

    // ---------------------------------------------------------------- names of codes

    /** Mnemonic of a record type (RFC 1035, 3596, 2782, 6891, 4034 ...), or null when unknown. */
    public static String typeName(int type) {
        switch (type) {
            case 1: return "A";
            case 2: return "NS";
            case 5: return "CNAME";
            case 6: return "SOA";
            case 12: return "PTR";
            case 13: return "HINFO";
            case 15: return "MX";
            case 16: return "TXT";
            case 17: return "RP";
            case 28: return "AAAA";
            case 29: return "LOC";
            case 33: return "SRV";
            case 35: return "NAPTR";
            case 39: return "DNAME";
            case 41: return "OPT";
            case 43: return "DS";
            case 46: return "RRSIG";
            case 47: return "NSEC";
            case 48: return "DNSKEY";
            case 50: return "NSEC3";
            case 52: return "TLSA";
            case 64: return "SVCB";
            case 65: return "HTTPS";
            case 99: return "SPF";
            case 250: return "TSIG";
            case 251: return "IXFR";
            case 252: return "AXFR";
            case 255: return "ANY";
            case 257: return "CAA";
            default: return null;
        }
    }

    /** Mnemonic of a class (RFC 1035 section 3.2.4), or null when unknown. */
    public static String className(int cls) {
        switch (cls) {
            case 1: return "IN";
            case 3: return "CH";
            case 4: return "HS";
            case 254: return "NONE";
            case 255: return "ANY";
            default: return null;
        }
    }

    /** QUERY, IQUERY, STATUS, NOTIFY, UPDATE, DSO (RFC 1035, 1996, 2136, 8490), or null. */
    public static String opcodeName(int opcode) {
        switch (opcode) {
            case 0: return "QUERY";
            case 1: return "IQUERY";
            case 2: return "STATUS";
            case 4: return "NOTIFY";
            case 5: return "UPDATE";
            case 6: return "DSO";
            default: return null;
        }
    }

    /** NOERROR, FORMERR, SERVFAIL, NXDOMAIN ... (RFC 1035 section 4.1.1, RFC 2136), or null. */
    public static String rcodeName(int rcode) {
        switch (rcode) {
            case 0: return "NOERROR";
            case 1: return "FORMERR";
            case 2: return "SERVFAIL";
            case 3: return "NXDOMAIN";
            case 4: return "NOTIMP";
            case 5: return "REFUSED";
            case 6: return "YXDOMAIN";
            case 7: return "YXRRSET";
            case 8: return "NXRRSET";
            case 9: return "NOTAUTH";
            case 10: return "NOTZONE";
            case 11: return "DSOTYPENI";
            default: return null;
        }
    }
}
