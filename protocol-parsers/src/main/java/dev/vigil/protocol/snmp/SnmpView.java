package dev.vigil.protocol.snmp;

import dev.vigil.protocol.DecodeEventType;

/**
 * What {@link SnmpDecoder} learned about one SNMP message (RFC 1157, RFC 3416, RFC 3412): a
 * result record reused for every message of one decoder, cleared by {@link #reset()}.
 *
 * <p>Fields hold only what was certain: a field the message did not reach (truncated) or
 * could not carry (malformed) keeps its "absent" value ({@code null}, {@link #NONE}, or
 * {@code -1} as documented), and {@link #error()} names the failure. The community string
 * itself is never stored: only whether it is present, whether it is a well-known default, and
 * its salted hash ({@link SnmpCommunity}).
 */
public final class SnmpView {
    /** Value of an absent integer field. */
    public static final long NONE = Long.MIN_VALUE;

    /** The message decoded completely. */
    public static final int STATUS_OK = 0;
    /** The capture cut the datagram before the message ended; the fields before the cut are set. */
    public static final int STATUS_TRUNCATED = 1;
    /** The bytes contradict BER or the SNMP structure; the fields before the fault are set. */
    public static final int STATUS_MALFORMED = 2;
    /** A version or PDU type this decoder does not know; decoded up to it. */
    public static final int STATUS_UNSUPPORTED = 3;

    /** Decode events kept per message; more are counted in {@link #eventsDropped}. */
    public static final int MAX_EVENTS = 8;

    /** PDU type names by context-specific tag number (RFC 3416 section 3; tag 4 is the RFC 1157 Trap-PDU). */
    static final String[] PDU_NAMES = {"get-request", "get-next-request", "get-response", "set-request", "trap",
        "getbulk-request", "inform-request", "snmpv2-trap", "report"};
    public static final int PDU_GET = 0;
    public static final int PDU_GET_NEXT = 1;
    public static final int PDU_RESPONSE = 2;
    public static final int PDU_SET = 3;
    public static final int PDU_TRAP_V1 = 4;
    public static final int PDU_GETBULK = 5;
    public static final int PDU_INFORM = 6;
    public static final int PDU_TRAP_V2 = 7;
    public static final int PDU_REPORT = 8;

    /** error-status names (RFC 3416 section 3, PDU definition; 0-5 are RFC 1157's). */
    static final String[] ERROR_STATUS_NAMES = {"noError", "tooBig", "noSuchName", "badValue", "readOnly", "genErr",
        "noAccess", "wrongType", "wrongLength", "wrongEncoding", "wrongValue", "noCreation", "inconsistentValue",
        "resourceUnavailable", "commitFailed", "undoFailed", "authorizationError", "notWritable",
        "inconsistentName"};

    /** generic-trap names (RFC 1157 section 4.1.6). */
    static final String[] GENERIC_TRAP_NAMES = {"coldStart", "warmStart", "linkDown", "linkUp",
        "authenticationFailure", "egpNeighborLoss", "enterpriseSpecific"};

    /** security levels by msgFlags bits auth (0x01) and priv (0x02) (RFC 3412 section 6.4). */
    static final String[] SECURITY_LEVELS = {"noAuthNoPriv", "authNoPriv", "invalid", "authPriv"};

    // ---------------------------------------------------------------- status
    int status;
    final DecodeEventType[] events = new DecodeEventType[MAX_EVENTS];
    int eventCount;
    int eventsDropped;
    DecodeEventType error;
    DecodeEventType firstOverflow;

    // ---------------------------------------------------------------- common header
    /** msgVersion as on the wire (0 = v1, 1 = v2c, 3 = v3), {@link #NONE} when not decoded. */
    long versionNumber;
    boolean communityPresent;
    boolean communityDefault;
    String communityHash;

    // ---------------------------------------------------------------- PDU
    /** Context-specific tag number of the PDU (0-8 known), -1 when none; see {@link #encrypted}. */
    int pduTag;
    /** v3 message whose scoped PDU is encrypted (msgData is an OCTET STRING). */
    boolean encrypted;
    long requestId;
    /** error-status, or non-repeaters in a GetBulk request. */
    long errorStatus;
    /** error-index, or max-repetitions in a GetBulk request. */
    long errorIndex;
    /** Every varbind of the PDU, including those past the cap. */
    int varbindCount;
    /** Dotted OIDs of the first {@code oids.length} varbinds. */
    final String[] oids;
    int oidCount;

    // ---------------------------------------------------------------- system group values (RFC 3418)
    String sysDescr;
    String sysObjectId;
    String sysName;
    String sysContact;
    String sysLocation;

    // ---------------------------------------------------------------- v1 Trap-PDU (RFC 1157 section 4.1.6)
    String trapEnterprise;
    long trapGeneric;
    long trapSpecific;
    long trapTimeTicks;
    boolean hasAgentAddress;
    int agentAddress;

    // ---------------------------------------------------------------- v3 (RFC 3412 section 6, RFC 3414 section 2.4)
    long msgId;
    long msgMaxSize;
    /** msgFlags octet, -1 when absent. */
    int msgFlags;
    long securityModel;
    String user;
    String engineId;
    long engineBoots;
    long engineTime;
    String contextName;

    SnmpView(int maxVarbinds) {
        oids = new String[maxVarbinds];
        reset();
    }

    /** Clears every field for the next message. */
    public SnmpView reset() {
        status = STATUS_OK;
        for (int i = 0; i < eventCount; i++) {
            events[i] = null;
        }
        eventCount = 0;
        eventsDropped = 0;
        error = null;
        firstOverflow = null;
        versionNumber = NONE;
        communityPresent = false;
        communityDefault = false;
        communityHash = null;
        pduTag = -1;
        encrypted = false;
        requestId = NONE;
        errorStatus = NONE;
        errorIndex = NONE;
        for (int i = 0; i < oidCount; i++) {
            oids[i] = null;
        }
        varbindCount = 0;
        oidCount = 0;
        sysDescr = sysObjectId = sysName = sysContact = sysLocation = null;
        trapEnterprise = null;
        trapGeneric = NONE;
        trapSpecific = NONE;
        trapTimeTicks = NONE;
        hasAgentAddress = false;
        agentAddress = 0;
        msgId = NONE;
        msgMaxSize = NONE;
        msgFlags = -1;
        securityModel = NONE;
        user = null;
        engineId = null;
        engineBoots = NONE;
        engineTime = NONE;
        contextName = null;
        return this;
    }

    /** Records a decode event once per message and raises the status; the first failure becomes {@link #error()}. */
    void fail(DecodeEventType type) {
        for (int i = 0; i < eventCount; i++) {
            if (events[i] == type) {
                return;
            }
        }
        if (eventCount < MAX_EVENTS) {
            events[eventCount++] = type;
        } else {
            eventsDropped++;
        }
        int s;
        switch (type.kind()) {
            case DecodeEventType.KIND_TRUNCATED:
                s = STATUS_TRUNCATED;
                break;
            case DecodeEventType.KIND_MALFORMED:
                s = STATUS_MALFORMED;
                break;
            case DecodeEventType.KIND_UNSUPPORTED:
                s = STATUS_UNSUPPORTED;
                break;
            default:
                if (firstOverflow == null) {
                    firstOverflow = type;
                }
                return;
        }
        if (error == null) {
            error = type;
        }
        if (status == STATUS_OK || (status == STATUS_UNSUPPORTED && s != STATUS_UNSUPPORTED)) {
            status = s;
        }
    }

    // ---------------------------------------------------------------- accessors

    /** {@link #STATUS_OK} and the other {@code STATUS_*} values; caps (overflow events) leave it OK. */
    public int status() {
        return status;
    }

    /** Number of decode events this message raised (each key once). */
    public int eventCount() {
        return eventCount;
    }

    public DecodeEventType event(int i) {
        if (i < 0 || i >= eventCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return events[i];
    }

    /** Events beyond {@link #MAX_EVENTS} for this message. */
    public int eventsDropped() {
        return eventsDropped;
    }

    /**
     * The failure a partial message carries (written as {@code snmp.decode_error}): the first
     * truncated, malformed or unsupported event; else the first cap that was hit; null for a
     * complete message.
     */
    public DecodeEventType error() {
        return error != null ? error : firstOverflow;
    }

    /** msgVersion as on the wire, {@link #NONE} when the message did not reach it. */
    public long versionNumber() {
        return versionNumber;
    }

    /** "1", "2c", "3", "unknown" for another msgVersion, null when not decoded. */
    public String version() {
        if (versionNumber == NONE) {
            return null;
        }
        if (versionNumber == 0) {
            return "1";
        }
        if (versionNumber == 1) {
            return "2c";
        }
        return versionNumber == 3 ? "3" : "unknown";
    }

    /** A complete community string was present (v1, v2c). */
    public boolean communityPresent() {
        return communityPresent;
    }

    /** The community is one of {@link SnmpCommunity#DEFAULTS} (ASCII case ignored). */
    public boolean communityDefault() {
        return communityDefault;
    }

    /** Salted HMAC-SHA256 of the community, first 16 bytes as 32 lower-case hex digits; null when absent. */
    public String communityHash() {
        return communityHash;
    }

    /** Context-specific tag number of the PDU, -1 when the message did not reach a PDU (or it is encrypted). */
    public int pduTag() {
        return pduTag;
    }

    public boolean encrypted() {
        return encrypted;
    }

    /** The PDU type name (see {@link #PDU_NAMES}), "encrypted", "unknown" for another tag, null when none. */
    public String pduType() {
        if (encrypted) {
            return "encrypted";
        }
        if (pduTag < 0) {
            return null;
        }
        return pduTag < PDU_NAMES.length ? PDU_NAMES[pduTag] : "unknown";
    }

    public boolean isGetBulk() {
        return pduTag == PDU_GETBULK;
    }

    public boolean isTrapV1() {
        return pduTag == PDU_TRAP_V1;
    }

    /** request-id, {@link #NONE} when absent (v1 traps, encrypted PDUs, cut messages). */
    public long requestId() {
        return requestId;
    }

    /** error-status as a number ({@link #NONE} when absent; not set for GetBulk). */
    public long errorStatus() {
        return isGetBulk() ? NONE : errorStatus;
    }

    /** error-status by name (RFC 3416), or its number for codes the RFCs do not name; null when absent. */
    public String errorStatusName() {
        long e = errorStatus();
        if (e == NONE) {
            return null;
        }
        return e >= 0 && e < ERROR_STATUS_NAMES.length ? ERROR_STATUS_NAMES[(int) e] : Long.toString(e);
    }

    public long errorIndex() {
        return isGetBulk() ? NONE : errorIndex;
    }

    /** non-repeaters of a GetBulk request, {@link #NONE} otherwise. */
    public long nonRepeaters() {
        return isGetBulk() ? errorStatus : NONE;
    }

    /** max-repetitions of a GetBulk request, {@link #NONE} otherwise. */
    public long maxRepetitions() {
        return isGetBulk() ? errorIndex : NONE;
    }

    /** Number of varbinds in the PDU, including those beyond the OID cap. */
    public int varbindCount() {
        return varbindCount;
    }

    /** Number of OIDs kept ({@link #oid(int)}), at most the decoder's varbind cap. */
    public int oidCount() {
        return oidCount;
    }

    /** The dotted OID of varbind {@code i} (null when that name was not a valid OID). */
    public String oid(int i) {
        if (i < 0 || i >= oidCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return oids[i];
    }

    /** sysDescr.0 (1.3.6.1.2.1.1.1.0) when a varbind carried its value. */
    public String sysDescr() {
        return sysDescr;
    }

    /** sysObjectID.0 (1.3.6.1.2.1.1.2.0), dotted. */
    public String sysObjectId() {
        return sysObjectId;
    }

    /** sysName.0 (1.3.6.1.2.1.1.5.0). */
    public String sysName() {
        return sysName;
    }

    /** sysContact.0 (1.3.6.1.2.1.1.4.0). */
    public String sysContact() {
        return sysContact;
    }

    /** sysLocation.0 (1.3.6.1.2.1.1.6.0). */
    public String sysLocation() {
        return sysLocation;
    }

    /**
     * "zenitel" when sysObjectID, or the enterprise of a v1 trap (which RFC 1157 section 4.1.6
     * defines as the sender's sysObjectID), is under {@link SnmpDecoder#ZENITEL_ENTERPRISE}.
     */
    public String vendor() {
        if (SnmpDecoder.isZenitel(sysObjectId) || SnmpDecoder.isZenitel(trapEnterprise)) {
            return "zenitel";
        }
        return null;
    }

    /** enterprise of a v1 Trap-PDU, dotted. */
    public String trapEnterprise() {
        return trapEnterprise;
    }

    /** generic-trap number, {@link #NONE} when absent. */
    public long trapGeneric() {
        return trapGeneric;
    }

    /** generic-trap by name (RFC 1157), or its number; null when absent. */
    public String trapGenericName() {
        if (trapGeneric == NONE) {
            return null;
        }
        return trapGeneric >= 0 && trapGeneric < GENERIC_TRAP_NAMES.length ? GENERIC_TRAP_NAMES[(int) trapGeneric]
                : Long.toString(trapGeneric);
    }

    public long trapSpecific() {
        return trapSpecific;
    }

    /** time-stamp (TimeTicks, hundredths of a second since the agent's start), {@link #NONE} when absent. */
    public long trapTimeTicks() {
        return trapTimeTicks;
    }

    public boolean hasAgentAddress() {
        return hasAgentAddress;
    }

    /** agent-addr of a v1 trap, an IPv4 address in network order as an int. */
    public int agentAddress() {
        return agentAddress;
    }

    public long msgId() {
        return msgId;
    }

    public long msgMaxSize() {
        return msgMaxSize;
    }

    /** msgFlags (0x01 auth, 0x02 priv, 0x04 reportable), -1 when absent. */
    public int msgFlags() {
        return msgFlags;
    }

    /** noAuthNoPriv, authNoPriv, authPriv, or "invalid" (priv without auth); null when absent. */
    public String securityLevel() {
        return msgFlags < 0 ? null : SECURITY_LEVELS[msgFlags & 3];
    }

    /** msgSecurityModel (3 = USM), {@link #NONE} when absent. */
    public long securityModel() {
        return securityModel;
    }

    /** USM msgUserName. */
    public String user() {
        return user;
    }

    /** USM msgAuthoritativeEngineID, lower-case hex ("" when empty, as in discovery requests). */
    public String engineId() {
        return engineId;
    }

    public long engineBoots() {
        return engineBoots;
    }

    public long engineTime() {
        return engineTime;
    }

    /** contextName of a plaintext scoped PDU. */
    public String contextName() {
        return contextName;
    }
}
