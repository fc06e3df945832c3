package dev.vigil.protocol.dhcp;

import dev.vigil.protocol.kaitai.Dhcp;
import io.kaitai.struct.ByteBufferKaitaiStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns the Kaitai-generated {@link Dhcp} parser ({@code src/main/kaitai/dhcp.ksy}) into a
 * {@link DhcpMessage}; the only class that touches that generated code. Kaitai exceptions
 * become decode events: a datagram shorter than the fixed header is {@link DhcpDecoder#TRUNCATED},
 * anything else the runtime throws {@link DhcpDecoder#MALFORMED}.
 *
 * <p>Option semantics (RFC 2131 section 4.1, RFC 2132, RFC 3396):
 * <ul>
 *   <li>Option 52 in the options field says that the file (1), sname (2) or both (3) fields hold
 *       more options; they are read in the order options, file, sname.</li>
 *   <li>An option that appears more than once is one long option: its values are concatenated in
 *       that order (RFC 3396 section 7), e.g. a host name split in two.</li>
 *   <li>An option whose length runs past its area keeps no value; the event is
 *       {@link DhcpDecoder#TRUNCATED} when the capture cut the options field, otherwise
 *       {@link DhcpDecoder#BAD_OPTION_LENGTH}.</li>
 *   <li>A value whose length its type forbids is ignored ({@link DhcpDecoder#BAD_OPTION_VALUE}).</li>
 * </ul>
 */
public final class DhcpKaitaiAdapter {
    /** The datagram ends where the sender ended it. */
    static final int END_COMPLETE = 0;
    /** The capture cut the datagram: an option running past the end is truncated. */
    static final int END_CAPTURE = 1;
    /** The decoder's byte cap cut the options: an option running past the end is not an error. */
    static final int END_CLIPPED = 2;

    private static final int AREA_OPTIONS = 0;
    private static final int AREA_FILE = 1;
    private static final int AREA_SNAME = 2;

    /** RFC 2132 option codes the sensor reports. */
    static final int PAD = 0;
    static final int SUBNET_MASK = 1;
    static final int ROUTER = 3;
    static final int DNS_SERVERS = 6;
    static final int LOG_SERVERS = 7;
    static final int HOSTNAME = 12;
    static final int DOMAIN_NAME = 15;
    static final int NTP_SERVERS = 42;
    static final int REQUESTED_IP = 50;
    static final int LEASE_TIME = 51;
    static final int OVERLOAD = 52;
    static final int MESSAGE_TYPE = 53;
    static final int SERVER_ID = 54;
    static final int PARAMETER_LIST = 55;
    static final int VENDOR_CLASS = 60;
    static final int TFTP_SERVER_NAME = 66;
    static final int BOOTFILE_NAME = 67;
    static final int END = 255;

    private DhcpKaitaiAdapter() {
    }

    /**
     * Parses {@code data[0, length)}, one DHCP message, into {@code m} (already reset).
     *
     * @param end        {@link #END_COMPLETE}, {@link #END_CAPTURE} or {@link #END_CLIPPED}
     * @param maxOptions options (Pad and End excluded) decoded at most
     */
    static void parse(byte[] data, int length, int end, int maxOptions, DhcpMessage m) {
        Dhcp d;
        try {
            d = new Dhcp(new ByteBufferKaitaiStream(ByteBuffer.wrap(data, 0, length)));
        } catch (BufferUnderflowException e) {
            m.fail(DhcpDecoder.TRUNCATED);
            return;
        } catch (RuntimeException e) {
            m.fail(exceptionEvent(e));
            return;
        }
        header(d, m);
        Long magic = d.magic();
        if (magic == null) {
            // 236 to 239 bytes: the header, but no room for the cookie
            m.fail(DhcpDecoder.TRUNCATED);
        } else if (magic != DhcpDecoder.MAGIC_COOKIE) {
            m.fail(DhcpDecoder.BAD_MAGIC);
        } else {
            m.cookie = true;
            try {
                options(d, end, maxOptions, m);
            } catch (RuntimeException e) {
                m.fail(exceptionEvent(e));
            }
        }
        if ((m.overload & 2) == 0) {
            m.serverName = text(d.sname());
        }
        if ((m.overload & 1) == 0) {
            m.bootFile = text(d.file());
        }
    }

    /** The decode event for an exception of the generated parser. */
    static dev.vigil.protocol.DecodeEventType exceptionEvent(RuntimeException e) {
        return e instanceof BufferUnderflowException ? DhcpDecoder.TRUNCATED : DhcpDecoder.MALFORMED;
    }

    private static void header(Dhcp d, DhcpMessage m) {
        m.header = true;
        m.op = d.op();
        m.htype = d.htype();
        m.hlen = d.hlen();
        m.hops = d.hops();
        m.xid = d.xid();
        m.secs = d.secs();
        m.flags = d.flags();
        m.ciaddr = d.ciaddr();
        m.yiaddr = d.yiaddr();
        m.siaddr = d.siaddr();
        m.giaddr = d.giaddr();
        if (m.hlen > 16) {
            m.fail(DhcpDecoder.BAD_HLEN);
        }
        if (m.hlen == 6) {
            byte[] c = d.chaddr();
            long mac = 0;
            for (int i = 0; i < 6; i++) {
                mac = (mac << 8) | (c[i] & 0xFFL);
            }
            m.clientMac = mac;
        }
    }

    private static void options(Dhcp d, int end, int maxOptions, DhcpMessage m) {
        byte[][] values = new byte[256][];
        boolean more = collect(d.options(), AREA_OPTIONS, end, maxOptions, values, m);
        int overload = m.overload;
        // RFC 2131 section 4.1: options first, then file, then sname
        if (more && (overload & 1) != 0) {
            more = collect(d.fileOptions(), AREA_FILE, end, maxOptions, values, m);
        }
        if (more && (overload & 2) != 0) {
            collect(d.snameOptions(), AREA_SNAME, end, maxOptions, values, m);
        }
        interpret(values, m);
    }

    /** Adds the options of one area to {@code values}; false once the option cap is reached. */
    private static boolean collect(Dhcp.OptionList list, int area, int end, int maxOptions, byte[][] values,
                                   DhcpMessage m) {
        if (list == null) {
            return true;
        }
        List<Dhcp.Option> entries = list.entries();
        boolean ended = false;
        if (entries != null) {
            for (Dhcp.Option o : entries) {
                int code = o.code();
                if (code == PAD) {
                    continue;
                }
                if (code == END) {
                    ended = true;
                    break;
                }
                byte[] body = o.body();
                if (body.length < o.len()) {
                    overrun(area, end, m);
                    return true;
                }
                if (m.optionCount >= maxOptions) {
                    m.fail(DhcpDecoder.TOO_MANY_OPTIONS);
                    return false;
                }
                m.optionCount++;
                if (code == OVERLOAD) {
                    // only meaningful in the options field (RFC 2131 section 4.1)
                    if (area == AREA_OPTIONS) {
                        overload(body, m);
                    }
                    continue;
                }
                byte[] prior = values[code];
                if (prior == null) {
                    values[code] = body;
                } else {
                    byte[] joined = new byte[prior.length + body.length];
                    System.arraycopy(prior, 0, joined, 0, prior.length);
                    System.arraycopy(body, 0, joined, prior.length, body.length);
                    values[code] = joined;
                }
            }
        }
        if (!ended) {
            byte[] trailing = list.trailing();
            // the list stops with fewer than two bytes left: a lone code there has no length byte
            if (trailing.length == 1 && (trailing[0] & 0xFF) != PAD && (trailing[0] & 0xFF) != END) {
                overrun(area, end, m);
            }
        }
        return true;
    }

    private static void overrun(int area, int end, DhcpMessage m) {
        if (area != AREA_OPTIONS || end == END_COMPLETE) {
            m.fail(DhcpDecoder.BAD_OPTION_LENGTH);
        } else if (end == END_CAPTURE) {
            m.fail(DhcpDecoder.TRUNCATED);
        }
        // END_CLIPPED: the cap cut the option; OPTIONS_TOO_LONG says so
    }

    private static void overload(byte[] body, DhcpMessage m) {
        if (body.length != 1) {
            m.fail(DhcpDecoder.BAD_OVERLOAD);
            return;
        }
        int v = body[0] & 0xFF;
        if (v < 1 || v > 3) {
            m.fail(DhcpDecoder.BAD_OVERLOAD);
            return;
        }
        m.overload = v;
    }

    private static void interpret(byte[][] v, DhcpMessage m) {
        byte[] b = v[MESSAGE_TYPE];
        if (b != null) {
            if (b.length == 1) {
                m.messageType = b[0] & 0xFF;
            } else {
                m.fail(DhcpDecoder.BAD_OPTION_VALUE);
            }
        }
        m.subnetMask = address(v[SUBNET_MASK], m);
        m.requestedIp = address(v[REQUESTED_IP], m);
        m.serverId = address(v[SERVER_ID], m);
        m.leaseTime = address(v[LEASE_TIME], m);
        m.routers = addresses(v[ROUTER], m);
        m.dnsServers = addresses(v[DNS_SERVERS], m);
        m.logServers = addresses(v[LOG_SERVERS], m);
        m.ntpServers = addresses(v[NTP_SERVERS], m);
        m.hostname = text(v[HOSTNAME]);
        m.domainName = text(v[DOMAIN_NAME]);
        m.vendorClass = text(v[VENDOR_CLASS]);
        m.tftpServerName = text(v[TFTP_SERVER_NAME]);
        m.bootfileName = text(v[BOOTFILE_NAME]);
        b = v[PARAMETER_LIST];
        if (b != null) {
            int[] codes = new int[b.length];
            for (int i = 0; i < b.length; i++) {
                codes[i] = b[i] & 0xFF;
            }
            m.parameterList = codes;
        }
    }

    /** A 4-byte value (address or 32-bit number), or ABSENT. */
    private static long address(byte[] b, DhcpMessage m) {
        if (b == null) {
            return DhcpMessage.ABSENT;
        }
        if (b.length != 4) {
            m.fail(DhcpDecoder.BAD_OPTION_VALUE);
            return DhcpMessage.ABSENT;
        }
        return uint32(b, 0);
    }

    /** A list of addresses (RFC 2132: length a positive multiple of 4), or null. */
    private static long[] addresses(byte[] b, DhcpMessage m) {
        if (b == null) {
            return null;
        }
        if (b.length == 0 || b.length % 4 != 0) {
            m.fail(DhcpDecoder.BAD_OPTION_VALUE);
            return null;
        }
        long[] out = new long[b.length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = uint32(b, i * 4);
        }
        return out;
    }

    private static long uint32(byte[] b, int i) {
        return ((b[i] & 0xFFL) << 24) | ((b[i + 1] & 0xFFL) << 16) | ((b[i + 2] & 0xFFL) << 8) | (b[i + 3] & 0xFFL);
    }

    /**
     * NVT text up to the first NUL (RFC 2132 allows but does not require a terminating NUL;
     * sname and file are NUL-padded), decoded as UTF-8 with replacement; null when empty.
     */
    static String text(byte[] b) {
        if (b == null) {
            return null;
        }
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return n == 0 ? null : new String(b, 0, n, StandardCharsets.UTF_8);
    }
}
