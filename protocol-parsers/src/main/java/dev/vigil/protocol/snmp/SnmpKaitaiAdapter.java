package dev.vigil.protocol.snmp;

import dev.vigil.protocol.kaitai.Snmp;
import io.kaitai.struct.ByteBufferKaitaiStream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Walks the generic BER tree that the Kaitai-generated {@link Snmp} parser
 * ({@code src/main/kaitai/snmp.ksy}) builds from one datagram and fills an {@link SnmpView}:
 * the only class that touches that generated code.
 *
 * <p>Structure checked (RFC 1157 section 4, RFC 3416 section 3, RFC 3412 section 6, RFC 3414
 * section 2.4): see {@link SnmpDecoder}. Encoding rules (RFC 3417 section 8): definite lengths
 * only, primitive form for simple types.
 *
 * <p>Failure handling, so that a partial message carries its failure:
 * <ul>
 *   <li>The spec reads a value's body only as far as the bytes go, so every TLV tells its
 *       declared length and what was read. A TLV whose body (or header) is cut is
 *       <em>clipped</em>. The outermost clipped TLV decides the event: the message itself
 *       running past the datagram is {@link SnmpDecoder#TRUNCATED} when the capture cut the
 *       datagram and {@link SnmpDecoder#MALFORMED} otherwise; any inner value running past
 *       the value holding it is malformed. TLVs clipped inside a clipped TLV are the same
 *       cut and raise nothing more.</li>
 *   <li>A primitive value is used only when complete. A constructed value is walked as far as
 *       it goes: fields before the cut are reported, fields after it are absent.</li>
 *   <li>Each event key is recorded once per message; the first failure is
 *       {@link SnmpView#error()}, written as {@code snmp.decode_error}.</li>
 * </ul>
 */
final class SnmpKaitaiAdapter {
    /** Identifier octets used by SNMP (X.690 8.1.2; application types RFC 2578 section 7.1). */
    static final int ID_INTEGER = 0x02;
    static final int ID_OCTET_STRING = 0x04;
    static final int ID_OID = 0x06;
    static final int ID_SEQUENCE = 0x30;
    static final int ID_IP_ADDRESS = 0x40;
    static final int ID_TIME_TICKS = 0x43;

    private static final int CLASS_CONTEXT = 2;
    /** msgSecurityModel of the User-based Security Model (RFC 3411 section 5). */
    private static final long USM = 3;
    /** Prefix of the system group, 1.3.6.1.2.1.1 (RFC 3418), BER-encoded. */
    private static final byte[] SYSTEM_GROUP = {0x2B, 0x06, 0x01, 0x02, 0x01, 0x01};
    static final int SYS_DESCR = 1;
    static final int SYS_OBJECT_ID = 2;
    static final int SYS_CONTACT = 4;
    static final int SYS_NAME = 5;
    static final int SYS_LOCATION = 6;

    private static final byte[] EMPTY = new byte[0];
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** What {@link #check} found. */
    private static final int OK = 0;
    private static final int CLIPPED = 1;
    private static final int BAD = 2;

    /** Slots of the OID string cache (a power of two) and the longest encoding cached. */
    private static final int OID_CACHE = 256;
    private static final int MAX_CACHED_OID = 64;

    private final SnmpCommunity community;
    private final byte[][] oidKeys = new byte[OID_CACHE][];
    private final String[] oidValues = new String[OID_CACHE];
    /** The message being walked (set only during {@link #parse}). */
    private SnmpView view;
    private boolean cut;
    /** Exceptions the generated parser threw (none expected). */
    private long unexpected;

    SnmpKaitaiAdapter(SnmpCommunity community) {
        this.community = community;
    }

    /**
     * Parses one datagram payload into {@code view} (already reset). Never throws: any
     * exception of the generated parser or runtime becomes {@link SnmpDecoder#MALFORMED}.
     *
     * @param payload the UDP payload, position 0 to limit
     * @param cut     the capture cut the datagram
     */
    void parse(ByteBuffer payload, boolean cut, SnmpView view) {
        this.view = view;
        this.cut = cut;
        try {
            message(new Snmp(new ByteBufferKaitaiStream(payload), SnmpDecoder.MAX_DEPTH));
        } catch (RuntimeException e) {
            // the spec never reads past its stream (see snmp.ksy); this is a last line of defence,
            // counted so that the property tests can prove it is never needed
            unexpected++;
            view.fail(SnmpDecoder.MALFORMED);
        } finally {
            this.view = null;
        }
    }

    /** Exceptions caught from the generated parser or runtime since construction (expected: none). */
    long unexpectedExceptions() {
        return unexpected;
    }

    // ---------------------------------------------------------------- message structure

    private void message(Snmp root) {
        Snmp.BerTlv msg = root.message();
        if (msg == null || msg.tagByte() != ID_SEQUENCE) {
            // an empty datagram, or not an SNMP message at all
            view.fail(SnmpDecoder.MALFORMED);
            return;
        }
        int st = check(msg, false, true);
        if (st == BAD) {
            return;
        }
        if (root.trailing().length > 0) {
            view.fail(SnmpDecoder.TRAILING_BYTES);
        }
        Fields f = new Fields(msg, st == CLIPPED);
        long version = integer(f.next(), f.clipped);
        if (version == SnmpView.NONE) {
            return;
        }
        view.versionNumber = version;
        if (version == 0 || version == 1) {
            communityMessage(f);
        } else if (version == 3) {
            v3Message(f);
        } else {
            // 2 was SNMPv2u/v2* (RFC 1909/1910), historic; the rest is unassigned
            view.fail(SnmpDecoder.BAD_VERSION);
        }
    }

    /** v1/v2c: community, then the PDU (RFC 1157 section 4, RFC 1901 section 3). */
    private void communityMessage(Fields f) {
        byte[] c = octets(f.next(), f.clipped);
        if (c == null) {
            return;
        }
        view.communityPresent = true;
        view.communityDefault = SnmpCommunity.isDefault(c);
        view.communityHash = community.hash(c);
        pdu(f.next(), f.clipped);
    }

    /** v3: msgGlobalData, msgSecurityParameters, msgData (RFC 3412 section 6). */
    private void v3Message(Fields f) {
        Snmp.BerTlv header = f.next();
        if (header == null) {
            return;
        }
        headerData(header, f.clipped);
        Snmp.BerTlv sp = f.next();
        if (sp == null) {
            return;
        }
        if (id(sp) != ID_OCTET_STRING) {
            view.fail(SnmpDecoder.MALFORMED);
        } else {
            int st = check(sp, f.clipped, false);
            if (st != BAD && view.securityModel == USM) {
                // a cut parameter block still yields the fields before the cut
                usm(bytes(sp), st == CLIPPED || f.clipped);
            }
        }
        Snmp.BerTlv data = f.next();
        if (data == null) {
            return;
        }
        int id = id(data);
        if (id == ID_OCTET_STRING) {
            // encryptedPDU: opaque without the user's privacy key
            view.encrypted = true;
            check(data, f.clipped, false);
        } else if (id == ID_SEQUENCE) {
            scopedPdu(data, f.clipped);
        } else {
            view.fail(SnmpDecoder.MALFORMED);
        }
    }

    /** HeaderData ::= SEQUENCE { msgID, msgMaxSize, msgFlags OCTET STRING (SIZE(1)), msgSecurityModel }. */
    private void headerData(Snmp.BerTlv header, boolean parentClipped) {
        if (id(header) != ID_SEQUENCE) {
            view.fail(SnmpDecoder.MALFORMED);
            return;
        }
        int st = check(header, parentClipped, false);
        if (st == BAD) {
            return;
        }
        Fields h = new Fields(header, st == CLIPPED);
        view.msgId = integer(h.next(), h.clipped);
        view.msgMaxSize = integer(h.next(), h.clipped);
        byte[] flags = octets(h.next(), h.clipped);
        if (flags != null) {
            if (flags.length != 1) {
                view.fail(SnmpDecoder.MALFORMED);
            }
            if (flags.length > 0) {
                view.msgFlags = flags[0] & 0xFF;
                if ((view.msgFlags & 0x03) == 0x02) {
                    view.fail(SnmpDecoder.V3_BAD_FLAGS);
                }
            }
        }
        view.securityModel = integer(h.next(), h.clipped);
    }

    /**
     * UsmSecurityParameters ::= SEQUENCE { msgAuthoritativeEngineID OCTET STRING, ...EngineBoots,
     * ...EngineTime, msgUserName OCTET STRING, msgAuthenticationParameters, msgPrivacyParameters }
     * (RFC 3414 section 2.4), itself BER inside the msgSecurityParameters OCTET STRING.
     * The authentication digest and the privacy salt are not kept.
     */
    private void usm(byte[] params, boolean outerClipped) {
        Snmp u = new Snmp(new ByteBufferKaitaiStream(params), SnmpDecoder.MAX_DEPTH);
        Snmp.BerTlv seq = u.message();
        if (seq == null || seq.tagByte() != ID_SEQUENCE) {
            if (seq != null || !outerClipped) {
                view.fail(SnmpDecoder.MALFORMED);
            }
            return;
        }
        int st = check(seq, outerClipped, false);
        if (st == BAD) {
            return;
        }
        if (u.trailing().length > 0) {
            view.fail(SnmpDecoder.MALFORMED);
        }
        Fields p = new Fields(seq, st == CLIPPED);
        byte[] engine = octets(p.next(), p.clipped);
        if (engine != null) {
            view.engineId = hex(engine);
        }
        view.engineBoots = integer(p.next(), p.clipped);
        view.engineTime = integer(p.next(), p.clipped);
        byte[] user = octets(p.next(), p.clipped);
        if (user != null) {
            view.user = text(user);
        }
    }

    /** ScopedPDU ::= SEQUENCE { contextEngineID OCTET STRING, contextName OCTET STRING, data PDU }. */
    private void scopedPdu(Snmp.BerTlv scoped, boolean parentClipped) {
        int st = check(scoped, parentClipped, false);
        if (st == BAD) {
            return;
        }
        Fields s = new Fields(scoped, st == CLIPPED);
        Snmp.BerTlv engine = s.next();
        if (engine == null) {
            return;
        }
        octets(engine, s.clipped); // contextEngineID: checked, not kept (the authoritative one is in USM)
        Snmp.BerTlv name = s.next();
        if (name == null) {
            return;
        }
        byte[] contextName = octets(name, s.clipped);
        if (contextName != null) {
            view.contextName = text(contextName);
        }
        pdu(s.next(), s.clipped);
    }

    /** One of the PDUs of RFC 3416 section 3 (tags [0]-[8]), including RFC 1157's Trap-PDU ([4]). */
    private void pdu(Snmp.BerTlv pdu, boolean parentClipped) {
        if (pdu == null) {
            return;
        }
        if (pdu.tagClass() != CLASS_CONTEXT || !pdu.constructed()) {
            view.fail(SnmpDecoder.MALFORMED);
            return;
        }
        int tag = tagNumber(pdu);
        if (tag < 0) {
            view.fail(SnmpDecoder.MALFORMED);
            return;
        }
        view.pduTag = tag;
        if (tag > SnmpView.PDU_REPORT) {
            // an unknown PDU type is a value: reported, not decoded
            view.fail(SnmpDecoder.UNKNOWN_PDU);
            return;
        }
        int st = check(pdu, parentClipped, false);
        if (st == BAD) {
            return;
        }
        Fields p = new Fields(pdu, st == CLIPPED);
        if (tag == SnmpView.PDU_TRAP_V1) {
            trapV1(p);
            return;
        }
        // GetBulk carries non-repeaters and max-repetitions in the same places (RFC 3416 section 3)
        view.requestId = integer(p.next(), p.clipped);
        view.errorStatus = integer(p.next(), p.clipped);
        view.errorIndex = integer(p.next(), p.clipped);
        varbinds(p.next(), p.clipped);
    }

    /**
     * Trap-PDU ::= [4] IMPLICIT SEQUENCE { enterprise OBJECT IDENTIFIER, agent-addr NetworkAddress,
     * generic-trap INTEGER, specific-trap INTEGER, time-stamp TimeTicks, variable-bindings }
     * (RFC 1157 section 4.1.6).
     */
    private void trapV1(Fields p) {
        Snmp.BerTlv enterprise = p.next();
        if (enterprise == null) {
            return;
        }
        if (id(enterprise) != ID_OID) {
            view.fail(SnmpDecoder.MALFORMED);
        } else if (check(enterprise, p.clipped, false) == OK) {
            view.trapEnterprise = oid(bytes(enterprise));
        }
        Snmp.BerTlv agent = p.next();
        if (agent == null) {
            return;
        }
        // NetworkAddress ::= CHOICE { internet IpAddress },
        // IpAddress ::= [APPLICATION 0] IMPLICIT OCTET STRING (SIZE (4)); some agents send a plain OCTET STRING
        int agentId = id(agent);
        if (agentId != ID_IP_ADDRESS && agentId != ID_OCTET_STRING) {
            view.fail(SnmpDecoder.MALFORMED);
        } else if (check(agent, p.clipped, false) == OK) {
            byte[] a = bytes(agent);
            if (a.length == 4) {
                view.hasAgentAddress = true;
                view.agentAddress = (a[0] & 0xFF) << 24 | (a[1] & 0xFF) << 16 | (a[2] & 0xFF) << 8 | (a[3] & 0xFF);
            } else {
                view.fail(SnmpDecoder.MALFORMED);
            }
        }
        view.trapGeneric = integer(p.next(), p.clipped);
        view.trapSpecific = integer(p.next(), p.clipped);
        view.trapTimeTicks = integer(p.next(), p.clipped, ID_TIME_TICKS);
        varbinds(p.next(), p.clipped);
    }

    /** VarBindList ::= SEQUENCE OF SEQUENCE { name ObjectName, value } (RFC 3416 section 3). */
    private void varbinds(Snmp.BerTlv list, boolean parentClipped) {
        if (list == null) {
            return;
        }
        if (id(list) != ID_SEQUENCE) {
            view.fail(SnmpDecoder.MALFORMED);
            return;
        }
        int st = check(list, parentClipped, false);
        if (st == BAD) {
            return;
        }
        boolean clipped = st == CLIPPED;
        for (Snmp.BerTlv vb : items(list)) {
            view.varbindCount++;
            if (id(vb) != ID_SEQUENCE) {
                view.fail(SnmpDecoder.MALFORMED);
                continue;
            }
            int vst = check(vb, clipped, false);
            if (vst == BAD) {
                continue;
            }
            Fields v = new Fields(vb, vst == CLIPPED);
            Snmp.BerTlv name = v.next();
            if (name == null) {
                continue;
            }
            if (id(name) != ID_OID) {
                view.fail(SnmpDecoder.MALFORMED);
                continue;
            }
            if (check(name, v.clipped, false) != OK) {
                continue;
            }
            byte[] oid = bytes(name);
            if (view.oidCount < view.oids.length) {
                String dotted = oid(oid);
                if (dotted != null) {
                    view.oids[view.oidCount++] = dotted;
                }
            } else {
                view.fail(SnmpDecoder.TOO_MANY_VARBINDS);
            }
            Snmp.BerTlv value = v.next();
            if (value == null) {
                continue;
            }
            int vs = check(value, v.clipped, false);
            if (vs != BAD && value.constructed()) {
                // ObjectSyntax is simple or application-wide: primitive (RFC 3417 section 8)
                view.fail(SnmpDecoder.MALFORMED);
                if (exceedsDepth(value)) {
                    view.fail(SnmpDecoder.TOO_DEEP);
                }
            } else if (vs == OK) {
                systemValue(systemObject(oid), value);
            }
        }
    }

    /** Keeps the value of a system group scalar (RFC 3418 section 2) when it has the object's type. */
    private void systemValue(int object, Snmp.BerTlv value) {
        int id = id(value);
        switch (object) {
            case SYS_DESCR:
                if (id == ID_OCTET_STRING && view.sysDescr == null) {
                    view.sysDescr = text(bytes(value));
                }
                break;
            case SYS_OBJECT_ID:
                if (id == ID_OID && view.sysObjectId == null) {
                    view.sysObjectId = oid(bytes(value));
                }
                break;
            case SYS_CONTACT:
                if (id == ID_OCTET_STRING && view.sysContact == null) {
                    view.sysContact = text(bytes(value));
                }
                break;
            case SYS_NAME:
                if (id == ID_OCTET_STRING && view.sysName == null) {
                    view.sysName = text(bytes(value));
                }
                break;
            case SYS_LOCATION:
                if (id == ID_OCTET_STRING && view.sysLocation == null) {
                    view.sysLocation = text(bytes(value));
                }
                break;
            default:
                // requests carry NULL; exceptions (noSuchObject ...) are context-specific: nothing to keep
                break;
        }
    }

    // ---------------------------------------------------------------- TLV checks

    /**
     * Classifies a TLV: {@link #OK} (header and body complete), {@link #CLIPPED} (cut; its
     * event is recorded unless its container was already cut) or {@link #BAD} (unusable,
     * event recorded).
     *
     * @param outermost the TLV is the whole message: running past the datagram is truncation
     *                  when the capture cut it
     */
    private int check(Snmp.BerTlv t, boolean parentClipped, boolean outermost) {
        Integer first = t.lenFirst();
        if (first == null) {
            return clipped(parentClipped, outermost);
        }
        int f = first;
        if (f == 0x80) {
            view.fail(SnmpDecoder.INDEFINITE_LENGTH);
            return BAD;
        }
        if (f > 0x84) {
            // more than four length octets (0xFF is reserved, X.690 8.1.3.5 c): no datagram is that long
            view.fail(SnmpDecoder.MALFORMED);
            return BAD;
        }
        if (f > 0x80) {
            byte[] l = t.lenLong();
            if (l == null || l.length < (f & 0x7F)) {
                return clipped(parentClipped, outermost);
            }
            if (f == 0x84 && (l[0] & 0xFF) >= 0x80) {
                view.fail(SnmpDecoder.MALFORMED);
                return BAD;
            }
        }
        if (t.constructed() && t.children() == null && t.value() != null) {
            view.fail(SnmpDecoder.TOO_DEEP);
            return BAD;
        }
        long available = t.children() != null ? t.children()._io().size() : t.value() != null ? t.value().length : 0;
        if (t.length() > available) {
            return clipped(parentClipped, outermost);
        }
        return OK;
    }

    private int clipped(boolean parentClipped, boolean outermost) {
        if (!parentClipped) {
            view.fail(outermost && cut ? SnmpDecoder.TRUNCATED : SnmpDecoder.MALFORMED);
        }
        return CLIPPED;
    }

    /** An INTEGER field's value, {@link SnmpView#NONE} when absent or unusable (event recorded). */
    private long integer(Snmp.BerTlv t, boolean parentClipped) {
        return integer(t, parentClipped, ID_INTEGER);
    }

    /** An integer of the given identifier (INTEGER, TimeTicks ...): two's complement, 1 to 8 octets (X.690 8.3). */
    private long integer(Snmp.BerTlv t, boolean parentClipped, int identifier) {
        if (t == null) {
            return SnmpView.NONE;
        }
        if (id(t) != identifier) {
            view.fail(SnmpDecoder.MALFORMED);
            return SnmpView.NONE;
        }
        if (check(t, parentClipped, false) != OK) {
            return SnmpView.NONE;
        }
        byte[] b = bytes(t);
        if (b.length == 0 || b.length > 8) {
            view.fail(SnmpDecoder.MALFORMED);
            return SnmpView.NONE;
        }
        long v = b[0]; // sign-extended
        for (int i = 1; i < b.length; i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        if (identifier != ID_INTEGER && b.length < 8) {
            // application integers (TimeTicks, Counter32 ...) are unsigned
            v &= (1L << (8 * b.length)) - 1;
        }
        return v;
    }

    /** A complete primitive OCTET STRING's contents, null when absent or unusable (event recorded). */
    private byte[] octets(Snmp.BerTlv t, boolean parentClipped) {
        if (t == null) {
            return null;
        }
        if (id(t) != ID_OCTET_STRING) {
            view.fail(SnmpDecoder.MALFORMED);
            return null;
        }
        return check(t, parentClipped, false) == OK ? bytes(t) : null;
    }

    /** Dotted OBJECT IDENTIFIER (X.690 8.19), null (and {@link SnmpDecoder#MALFORMED}) when invalid. */
    private String oid(byte[] b) {
        // the same few OIDs recur in every poll: a direct-mapped cache of valid encodings
        int slot = oidSlot(b);
        byte[] k = oidKeys[slot];
        if (k != null && Arrays.equals(k, b)) {
            return oidValues[slot];
        }
        String s = dottedOid(b);
        if (s != null && b.length <= MAX_CACHED_OID) {
            oidKeys[slot] = b.clone();
            oidValues[slot] = s;
        }
        if (s == null) {
            view.fail(SnmpDecoder.MALFORMED);
        }
        return s;
    }

    /** Text of a DisplayString or user name, cut at {@link SnmpDecoder#MAX_TEXT} bytes, trailing NULs dropped. */
    private String text(byte[] b) {
        int n = b.length;
        if (n > SnmpDecoder.MAX_TEXT) {
            view.fail(SnmpDecoder.TEXT_TOO_LONG);
            n = SnmpDecoder.MAX_TEXT;
        }
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    private static int oidSlot(byte[] b) {
        int h = b.length;
        for (byte x : b) {
            h = 31 * h + x;
        }
        return (h ^ (h >>> 8) ^ (h >>> 16)) & (OID_CACHE - 1);
    }

    /** Lower-case hex of up to {@link SnmpDecoder#MAX_TEXT} bytes. */
    private String hex(byte[] b) {
        int n = b.length;
        if (n > SnmpDecoder.MAX_TEXT) {
            view.fail(SnmpDecoder.TEXT_TOO_LONG);
            n = SnmpDecoder.MAX_TEXT;
        }
        char[] out = new char[2 * n];
        for (int i = 0; i < n; i++) {
            out[2 * i] = HEX[(b[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[b[i] & 0xF];
        }
        return new String(out);
    }

    // ---------------------------------------------------------------- static helpers

    /**
     * The dotted form of BER OBJECT IDENTIFIER contents (X.690 8.19: base-128 sub-identifiers,
     * the first one standing for the first two arcs), or null when empty, cut inside a
     * sub-identifier, a sub-identifier exceeds 63 bits, or longer than
     * {@link SnmpDecoder#MAX_OID_SUBIDS} sub-identifiers.
     */
    static String dottedOid(byte[] b) {
        if (b.length == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder(b.length * 3);
        long v = 0;
        int subids = 0;
        boolean pending = false;
        for (byte x : b) {
            if (v > (Long.MAX_VALUE >>> 7)) {
                return null;
            }
            v = (v << 7) | (x & 0x7F);
            pending = true;
            if ((x & 0x80) != 0) {
                continue;
            }
            if (subids == 0) {
                int arc = v < 40 ? 0 : v < 80 ? 1 : 2;
                sb.append(arc).append('.').append(v - 40L * arc);
                subids = 2;
            } else {
                sb.append('.').append(v);
                subids++;
            }
            if (subids > SnmpDecoder.MAX_OID_SUBIDS) {
                return null;
            }
            v = 0;
            pending = false;
        }
        return pending ? null : sb.toString();
    }

    /** Which system group scalar ({@code 1.3.6.1.2.1.1.N.0}) the encoded OID names, else -1. */
    static int systemObject(byte[] oid) {
        if (oid.length != SYSTEM_GROUP.length + 2 || oid[oid.length - 1] != 0) {
            return -1;
        }
        for (int i = 0; i < SYSTEM_GROUP.length; i++) {
            if (oid[i] != SYSTEM_GROUP[i]) {
                return -1;
            }
        }
        int n = oid[SYSTEM_GROUP.length];
        return n == SYS_DESCR || n == SYS_OBJECT_ID || n == SYS_CONTACT || n == SYS_NAME || n == SYS_LOCATION ? n : -1;
    }

    /** The identifier octet for low tag numbers; -1 for the high-tag-number form (never used by SNMP). */
    private static int id(Snmp.BerTlv t) {
        return t.tagLow() == 31 ? -1 : t.tagByte();
    }

    /** The tag number, also in the high-tag-number form (at most four octets); -1 when larger. */
    private static int tagNumber(Snmp.BerTlv t) {
        if (t.tagLow() != 31) {
            return t.tagLow();
        }
        List<Integer> more = t.tagMore();
        if (more == null || more.isEmpty() || more.size() > 4) {
            return -1;
        }
        int n = 0;
        for (int b : more) {
            n = (n << 7) | (b & 0x7F);
        }
        return n;
    }

    /**
     * True when a constructed value nests deeper than the spec's {@code max_depth}: the deepest
     * levels were kept as raw bytes. Bounded by that depth.
     */
    private static boolean exceedsDepth(Snmp.BerTlv t) {
        if (!t.constructed()) {
            return false;
        }
        if (t.children() == null) {
            return t.value() != null && t.value().length > 0;
        }
        for (Snmp.BerTlv c : t.children().items()) {
            if (exceedsDepth(c)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(Snmp.BerTlv t) {
        byte[] v = t.value();
        return v != null ? v : EMPTY;
    }

    private static List<Snmp.BerTlv> items(Snmp.BerTlv t) {
        return t.children() != null ? t.children().items() : List.of();
    }

    /** The fields of a constructed value, in order. */
    private final class Fields {
        private final List<Snmp.BerTlv> items;
        /** The constructed value was cut: missing fields are part of that cut. */
        final boolean clipped;
        private int next;

        Fields(Snmp.BerTlv t, boolean clipped) {
            this.items = items(t);
            this.clipped = clipped;
        }

        /** The next field, or null when there is none (malformed unless the value was cut). */
        Snmp.BerTlv next() {
            if (next < items.size()) {
                return items.get(next++);
            }
            if (!clipped) {
                view.fail(SnmpDecoder.MALFORMED);
            }
            return null;
        }
    }
}
