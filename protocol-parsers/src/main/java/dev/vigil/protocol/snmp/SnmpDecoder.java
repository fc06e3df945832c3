package dev.vigil.protocol.snmp;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * SNMP v1 (RFC 1157), v2c (RFC 1901, RFC 3416) and v3 (RFC 3412, USM RFC 3414) messages, one
 * per UDP datagram (ports 161 and 162, RFC 3417 section 3). The BER is parsed by the
 * Kaitai-generated parser of {@code src/main/kaitai/snmp.ksy} through
 * {@link SnmpKaitaiAdapter}; this class owns the decode events, the caps and the reused
 * {@link SnmpView}.
 *
 * <pre>
 * v1/v2c  Message ::= SEQUENCE { version INTEGER (0|1), community OCTET STRING, data PDU }
 * v3      SNMPv3Message ::= SEQUENCE { msgVersion INTEGER (3),
 *             msgGlobalData SEQUENCE { msgID, msgMaxSize, msgFlags OCTET STRING (1), msgSecurityModel },
 *             msgSecurityParameters OCTET STRING (USM: SEQUENCE { engineID, boots, time, userName, auth, priv }),
 *             msgData CHOICE { plaintext ScopedPDU, encryptedPDU OCTET STRING } }
 * PDU     [0..8] IMPLICIT SEQUENCE { request-id, error-status | non-repeaters,
 *             error-index | max-repetitions, variable-bindings SEQUENCE OF SEQUENCE { name OID, value } }
 * Trap-PDU (v1) [4] IMPLICIT SEQUENCE { enterprise OID, agent-addr IpAddress, generic-trap,
 *             specific-trap, time-stamp TimeTicks, variable-bindings }
 * </pre>
 *
 * <p>Not on the hot path (management traffic): the generated parser allocates per message.
 * One instance per worker thread; not thread-safe.
 */
public final class SnmpDecoder {
    public static final DecodeEventType TRUNCATED = DecodeEventType.register("snmp.truncated",
            "The capture cut the datagram before the SNMP message ended.", DecodeEventType.KIND_TRUNCATED);
    public static final DecodeEventType MALFORMED = DecodeEventType.register("snmp.malformed",
            "The SNMP message contradicts BER or the SNMP message structure (a value longer than the value "
                    + "holding it, a wrong or missing field, a bad INTEGER or OBJECT IDENTIFIER).",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType INDEFINITE_LENGTH = DecodeEventType.register("snmp.indefinite_length",
            "A BER value uses the indefinite length form, which SNMP forbids (RFC 3417 section 8).",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType TRAILING_BYTES = DecodeEventType.register("snmp.trailing_bytes",
            "The datagram holds bytes after the SNMP message.", DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType V3_BAD_FLAGS = DecodeEventType.register("snmp.v3_bad_flags",
            "An SNMPv3 message sets the privacy flag without the authentication flag (RFC 3412 section 7.2).",
            DecodeEventType.KIND_MALFORMED);
    public static final DecodeEventType BAD_VERSION = DecodeEventType.register("snmp.bad_version",
            "The SNMP message version is not 0 (v1), 1 (v2c) or 3 (v3); the message is not decoded further.",
            DecodeEventType.KIND_UNSUPPORTED);
    public static final DecodeEventType UNKNOWN_PDU = DecodeEventType.register("snmp.unknown_pdu",
            "The SNMP PDU tag is not one of RFC 3416's PDU types.", DecodeEventType.KIND_UNSUPPORTED);
    public static final DecodeEventType TOO_MANY_VARBINDS = DecodeEventType.register("snmp.too_many_varbinds",
            "An SNMP PDU has more variable bindings than the decoder keeps OIDs of; the rest are counted only.",
            DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType TOO_DEEP = DecodeEventType.register("snmp.too_deep",
            "BER values are nested deeper than the decoder follows.", DecodeEventType.KIND_OVERFLOW);
    public static final DecodeEventType TEXT_TOO_LONG = DecodeEventType.register("snmp.text_too_long",
            "An SNMP text value (system group, user name, engine id) is longer than the decoder keeps; it is cut.",
            DecodeEventType.KIND_OVERFLOW);

    /** Default cap on the OIDs kept per PDU ({@link #TOO_MANY_VARBINDS} beyond it). */
    public static final int DEFAULT_MAX_VARBINDS = 64;
    /**
     * Deepest BER nesting followed (a v3 varbind value sits at level 6); deeper constructed
     * values are kept opaque ({@link #TOO_DEEP}).
     */
    public static final int MAX_DEPTH = 16;
    /** Bytes kept of a text value: DisplayString is SIZE (0..255) (RFC 2579), USM user names 32. */
    public static final int MAX_TEXT = 255;
    /** Sub-identifiers of an OBJECT IDENTIFIER at most (RFC 2578 section 3.5). */
    public static final int MAX_OID_SUBIDS = 128;
    /** Zenitel's IANA private enterprise number subtree (26122, "VS-DEVICE-MIB"). */
    public static final String ZENITEL_ENTERPRISE = "1.3.6.1.4.1.26122";

    private final SnmpView view;
    private final SnmpKaitaiAdapter adapter;
    private byte[] scratch = new byte[1500];

    /**
     * @param communitySalt the installation's secret salt for community hashes (see {@link SnmpCommunity})
     */
    public SnmpDecoder(byte[] communitySalt) {
        this(communitySalt, DEFAULT_MAX_VARBINDS);
    }

    /**
     * @param communitySalt the installation's secret salt for community hashes
     * @param maxVarbinds   OIDs kept per PDU (at least 1)
     */
    public SnmpDecoder(byte[] communitySalt, int maxVarbinds) {
        if (maxVarbinds < 1) {
            throw new IllegalArgumentException("maxVarbinds must be at least 1: " + maxVarbinds);
        }
        this.view = new SnmpView(maxVarbinds);
        this.adapter = new SnmpKaitaiAdapter(new SnmpCommunity(communitySalt));
    }

    /**
     * Decodes one UDP payload. Never throws on any input.
     *
     * @param buffer the packet; read only within {@code [offset, offset + length)}
     * @param cut    true when the capture cut the datagram (its UDP length exceeds the captured
     *               bytes): a message that runs past the end is then truncated, else malformed
     * @return the view of this message, valid until the next call
     */
    public SnmpView decode(DirectBuffer buffer, int offset, int length, boolean cut) {
        view.reset();
        if (length < 0 || offset < 0 || offset > buffer.capacity() - length) {
            view.fail(MALFORMED);
            return view;
        }
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        buffer.getBytes(offset, scratch, 0, length);
        adapter.parse(ByteBuffer.wrap(scratch, 0, length).slice(), cut, view);
        return view;
    }

    /** Decodes a payload held in a byte array (tests, tools). */
    public SnmpView decode(byte[] payload, boolean cut) {
        return decode(new UnsafeBuffer(payload), 0, payload.length, cut);
    }

    /**
     * Exceptions of the generated parser turned into {@link #MALFORMED} since construction; the
     * spec is written so that none occur (the property tests check it).
     */
    public long unexpectedExceptions() {
        return adapter.unexpectedExceptions();
    }

    /** The OID cap of this decoder. */
    public int maxVarbinds() {
        return view.oids.length;
    }

    /** True when {@code oid} is {@link #ZENITEL_ENTERPRISE} or below it. */
    static boolean isZenitel(String oid) {
        return oid != null && oid.startsWith(ZENITEL_ENTERPRISE)
                && (oid.length() == ZENITEL_ENTERPRISE.length() || oid.charAt(ZENITEL_ENTERPRISE.length()) == '.');
    }
}
