package dev.vigil.sensor.flow;

import java.time.Duration;

/**
 * Limits and timeouts of a worker's flow table. All times are packet times.
 *
 * @param maxFlows          flows tracked at once by one worker; when full the least recently seen
 *                          of a small sample is ended with reason {@code evicted} (counted)
 * @param udpIdleTimeout    a UDP (or other non-TCP) flow with no packet for this long ends ({@code idle})
 * @param tcpIdleTimeout    an open TCP connection with no packet for this long ends ({@code idle})
 * @param tcpClosedTimeout  after FIN from both sides or an RST, the flow ends this long after its last packet
 * @param activeTimeout     a flow longer than this is reported and restarted ({@code active}), as NetFlow does
 */
public record FlowConfig(int maxFlows, Duration udpIdleTimeout, Duration tcpIdleTimeout,
                         Duration tcpClosedTimeout, Duration activeTimeout) {

    public static final FlowConfig DEFAULT = new FlowConfig(65_536, Duration.ofSeconds(60),
            Duration.ofSeconds(300), Duration.ofSeconds(5), Duration.ofSeconds(1800));

    public FlowConfig {
        if (maxFlows < 16) {
            throw new IllegalArgumentException("flow.max-flows must be at least 16, got " + maxFlows);
        }
        for (Duration d : new Duration[] {udpIdleTimeout, tcpIdleTimeout, tcpClosedTimeout, activeTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("flow timeouts must be positive, got " + d);
            }
        }
    }

    public FlowConfig withMaxFlows(int n) {
        return new FlowConfig(n, udpIdleTimeout, tcpIdleTimeout, tcpClosedTimeout, activeTimeout);
    }
}
