package dev.vigil.sensor.app.snmp;

import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.snmp.SnmpDecoder;
import dev.vigil.protocol.snmp.SnmpView;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.PortClaims;
import dev.vigil.sensor.pipeline.PacketSlot;

import java.nio.ByteOrder;

/**
 * SNMP v1, v2c and v3 on UDP 161 (agents) and 162 (trap and inform receivers), RFC 3417
 * section 3: one {@code vigil.snmp} event per message, in either direction, with the decode
 * events it caused. Feeds the hardening guide's checks: default communities (control 4),
 * SNMPv3 security level vs v1/v2c (control 11), traps sent (control 6), and sysDescr /
 * sysObjectID for the software inventory (control 2).
 *
 * <p>Stateless per flow: every datagram is a whole message. The community string never leaves
 * the decoder; events carry its salted hash.
 */
public final class SnmpApp implements AppDecoder {
    public static final String PROTOCOL = "snmp";
    public static final String DATASET = "vigil.snmp";
    public static final int AGENT_PORT = 161;
    public static final int TRAP_PORT = 162;

    private final SnmpDecoder decoder;
    private final SnmpLogger logger = new SnmpLogger();

    /**
     * @param communitySalt the installation's secret salt (at least 16 bytes) keying the
     *                      community hashes; the same on every worker of the installation
     */
    public SnmpApp(byte[] communitySalt) {
        this(communitySalt, SnmpDecoder.DEFAULT_MAX_VARBINDS);
    }

    /** With a cap on the OIDs kept per PDU. */
    public SnmpApp(byte[] communitySalt, int maxVarbinds) {
        this.decoder = new SnmpDecoder(communitySalt, maxVarbinds);
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public PortClaims claims() {
        return PortClaims.none().udp(AGENT_PORT).udp(TRAP_PORT);
    }

    @Override
    public void onPacket(AppContext ctx, int flow, int direction, PacketSlot slot) {
        PacketView v = slot.view;
        if (v.ipProtocol != 17 || !v.hasTransport()) {
            return;
        }
        SnmpView m = decoder.decode(slot.buffer, v.payloadOffset, v.payloadLength, cut(slot));
        for (int i = 0; i < m.eventCount(); i++) {
            ctx.decodeEvent(m.event(i), slot);
        }
        String id = ctx.eventId(DATASET, slot.frame, 0, null);
        ctx.begin(DATASET, slot.timestampNanos, slot.frame, id);
        ctx.writeEndpoints(slot);
        logger.write(ctx.writer(), m);
        ctx.emit(DATASET, id, slot.timestampNanos);
    }

    /**
     * True when the capture cut the datagram: the frame was captured shorter than it was on the
     * wire (snapshot length) and its UDP length (RFC 768) claims more payload than was captured.
     * A message running past a datagram that was not cut is malformed instead.
     */
    static boolean cut(PacketSlot slot) {
        PacketView v = slot.view;
        if (slot.capturedLength >= slot.wireLength) {
            return false;
        }
        int udpLength = slot.buffer.getShort(v.l4Offset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        return udpLength - 8 > v.payloadLength;
    }
}
