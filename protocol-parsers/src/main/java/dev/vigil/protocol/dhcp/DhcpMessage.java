package dev.vigil.protocol.dhcp;

import dev.vigil.protocol.DecodeEventType;

/**
 * One decoded DHCP message (RFC 2131, options of RFC 2132): the BOOTP header fields and the
 * options a sensor reports, filled by {@link DhcpKaitaiAdapter}. The decoder owns one instance
 * and refills it for every message ({@link #reset()}); strings and arrays are new per message
 * (DHCP is a few messages per device and hour, not the per-packet hot path).
 *
 * <p>IPv4 addresses are {@code long}s holding the unsigned 32-bit value, {@link #ABSENT} (-1)
 * when the message lacks them; address lists, strings and the parameter list are null when
 * absent. A message that failed part-way keeps what was decoded before the failure; its
 * {@link #events} say what went wrong and {@link #status} how badly.
 */
public final class DhcpMessage {
    /** Everything present was decoded. */
    public static final int STATUS_OK = 0;
    /** The packet ended early: the header (nothing to report) or an option cut by the capture. */
    public static final int STATUS_TRUNCATED = 1;
    /** Bytes contradict the format (cookie, option lengths or values); decoded fields remain valid. */
    public static final int STATUS_MALFORMED = 2;

    /** Value of an absent address or number. */
    public static final long ABSENT = -1;
    /** Message type when option 53 is missing: a plain BOOTP message (RFC 951). */
    public static final int TYPE_BOOTP = -1;

    /** Decode events kept per message; more are counted in {@link #eventsDropped}. */
    public static final int MAX_EVENTS = 8;

    public int status;
    public final DecodeEventType[] events = new DecodeEventType[MAX_EVENTS];
    public int eventCount;
    public int eventsDropped;

    /** True when the 236-byte fixed header was decoded (the fields below are meaningful). */
    public boolean header;
    /** True when the magic cookie 99.130.83.99 follows the header (options were decoded). */
    public boolean cookie;

    // ---------------------------------------------------------------- fixed header (RFC 2131 section 2)
    /** 1 BOOTREQUEST, 2 BOOTREPLY, anything else is a value. */
    public int op;
    public int htype;
    public int hlen;
    public int hops;
    public long xid;
    public int secs;
    public int flags;
    public long ciaddr;
    public long yiaddr;
    public long siaddr;
    public long giaddr;
    /** First six bytes of chaddr when {@link #hlen} is 6 (Ethernet, IEEE 802), else {@link #ABSENT}. */
    public long clientMac;
    /** The sname field as text (up to its first NUL) when it is not overloaded with options and not empty. */
    public String serverName;
    /** The file field as text, likewise. */
    public String bootFile;

    // ---------------------------------------------------------------- options (RFC 2132)
    /** Option 53: 1 DISCOVER ... 8 INFORM (RFC 2132 9.6), others are values; {@link #TYPE_BOOTP} when absent. */
    public int messageType;
    /** Option 52 (1 file, 2 sname, 3 both hold options), 0 when absent. */
    public int overload;
    /** Options seen (Pad and End not counted), in all areas. */
    public int optionCount;
    public long subnetMask;
    public long requestedIp;
    public long serverId;
    public long leaseTime;
    public long[] routers;
    public long[] dnsServers;
    public long[] logServers;
    public long[] ntpServers;
    public String hostname;
    public String domainName;
    public String vendorClass;
    public String tftpServerName;
    public String bootfileName;
    /** Option 55, the requested option codes in the client's order. */
    public int[] parameterList;

    public DhcpMessage() {
        reset();
    }

    /** Clears every field for the next message. */
    public DhcpMessage reset() {
        status = STATUS_OK;
        eventCount = 0;
        eventsDropped = 0;
        java.util.Arrays.fill(events, null);
        header = false;
        cookie = false;
        op = htype = hlen = hops = 0;
        xid = 0;
        secs = flags = 0;
        ciaddr = yiaddr = siaddr = giaddr = 0;
        clientMac = ABSENT;
        serverName = null;
        bootFile = null;
        messageType = TYPE_BOOTP;
        overload = 0;
        optionCount = 0;
        subnetMask = requestedIp = serverId = leaseTime = ABSENT;
        routers = dnsServers = logServers = ntpServers = null;
        hostname = domainName = vendorClass = tftpServerName = bootfileName = null;
        parameterList = null;
        return this;
    }

    /**
     * Records a decode event once per message (a repeated type is not recorded again) and
     * raises the status to what its kind implies.
     */
    public void fail(DecodeEventType type) {
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
        int s = type.kind() == DecodeEventType.KIND_TRUNCATED ? STATUS_TRUNCATED
                : type.kind() == DecodeEventType.KIND_MALFORMED ? STATUS_MALFORMED : STATUS_OK;
        if (s > status) {
            status = s;
        }
    }

    /** True when the message recorded this decode event. */
    public boolean has(DecodeEventType type) {
        for (int i = 0; i < eventCount; i++) {
            if (events[i] == type) {
                return true;
            }
        }
        return false;
    }

    /** The first decode event of the message, or null. */
    public DecodeEventType firstEvent() {
        return eventCount > 0 ? events[0] : null;
    }

    /** RFC 2132 section 9.6 names; other values as their decimal number, BOOTP when option 53 is absent. */
    public static String messageTypeName(int type) {
        switch (type) {
            case TYPE_BOOTP: return "BOOTP";
            case 1: return "DISCOVER";
            case 2: return "OFFER";
            case 3: return "REQUEST";
            case 4: return "DECLINE";
            case 5: return "ACK";
            case 6: return "NAK";
            case 7: return "RELEASE";
            case 8: return "INFORM";
            default: return type >= 0 && type < 256 ? TYPE_NUMBERS[type] : Integer.toString(type);
        }
    }

    /** BOOTREQUEST / BOOTREPLY as "request" / "reply", other op codes as their number. */
    public static String opName(int op) {
        return op == 1 ? "request" : op == 2 ? "reply" : TYPE_NUMBERS[op & 0xFF];
    }

    private static final String[] TYPE_NUMBERS = new String[256];

    static {
        for (int i = 0; i < 256; i++) {
            TYPE_NUMBERS[i] = Integer.toString(i);
        }
    }
}
