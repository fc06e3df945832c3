package dev.vigil.rules.policy;

import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * What a role may do: its approved services (resolved to transports and ports, both directions) and
 * its approved software. Port checks answer in constant time from two 64 Ki bit sets, because every
 * flow of every intercom device is checked.
 *
 * <p>A few protocols run on ports negotiated at run time (TFTP transfers on ephemeral ports,
 * RFC 1350 §4; RTP/RTCP ports announced in SDP or DIP): when such a service is approved by name, a
 * flow the sensor classified as that protocol is approved whatever its ports.
 */
public final class RolePolicy {
    /** Protocols whose flows use negotiated ports (see the class comment). */
    public static final Set<String> NEGOTIATED_PORT_PROTOCOLS = Set.of("tftp", "rtp", "rtcp");

    private final List<String> references;
    private final List<ServicePort> services;
    private final List<ApprovedSoftware> software;
    private final BitSet tcp = new BitSet(65536);
    private final BitSet udp = new BitSet(65536);
    private final BitSet otherTransports = new BitSet(256);
    private final Set<String> negotiated;

    /**
     * @param references the allow-list as written (service and set names, explicit ports), or null when
     *                   the role's ports are not judged
     * @param services   the resolved ports (empty when {@code references} is null)
     * @param software   approved software, or null when the role's software is not judged
     * @param negotiated approved protocols among {@link #NEGOTIATED_PORT_PROTOCOLS}
     */
    public RolePolicy(List<String> references, List<ServicePort> services, List<ApprovedSoftware> software,
                      Set<String> negotiated) {
        this.references = references == null ? null : List.copyOf(references);
        this.services = List.copyOf(services);
        this.software = software == null ? null : List.copyOf(software);
        this.negotiated = Set.copyOf(negotiated);
        for (ServicePort s : services) {
            if (s.port() < 0) {
                otherTransports.set(s.transport());
            } else if (s.transport() == ServicePort.TCP) {
                tcp.set(s.port(), s.portEnd() + 1);
            } else if (s.transport() == ServicePort.UDP) {
                udp.set(s.port(), s.portEnd() + 1);
            }
        }
    }

    /** Whether the role's ports are judged at all (the policy gave it a service list). */
    public boolean judgesPorts() {
        return references != null;
    }

    /** Whether {@code port} on IP protocol {@code transport} is approved. */
    public boolean allows(int transport, int port) {
        if (transport == ServicePort.TCP) {
            return port >= 0 && port <= 65535 && tcp.get(port);
        }
        if (transport == ServicePort.UDP) {
            return port >= 0 && port <= 65535 && udp.get(port);
        }
        return transport >= 0 && transport < 256 && otherTransports.get(transport);
    }

    /** Whether a flow classified as {@code protocol} is approved on any port (negotiated-port protocols). */
    public boolean allowsNegotiated(String protocol) {
        return protocol != null && negotiated.contains(protocol);
    }

    public List<String> references() {
        return references;
    }

    public List<ServicePort> services() {
        return services;
    }

    /** Approved software, or null when the role's software is not judged. */
    public List<ApprovedSoftware> software() {
        return software;
    }
}
