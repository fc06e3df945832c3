package dev.vigil.sensor.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Port ranges a decoder claims, per transport (IP protocol number 6 or 17). */
public final class PortClaims {
    /** One range of ports on one transport. */
    public record Range(int transport, int first, int last) {
        public Range {
            if (first < 0 || last > 65535 || first > last) {
                throw new IllegalArgumentException("bad port range " + first + "-" + last);
            }
        }
    }

    private final List<Range> ranges = new ArrayList<>();

    public static PortClaims none() {
        return new PortClaims();
    }

    public PortClaims udp(int first, int last) {
        ranges.add(new Range(17, first, last));
        return this;
    }

    public PortClaims udp(int port) {
        return udp(port, port);
    }

    public PortClaims tcp(int first, int last) {
        ranges.add(new Range(6, first, last));
        return this;
    }

    public PortClaims tcp(int port) {
        return tcp(port, port);
    }

    public List<Range> ranges() {
        return Collections.unmodifiableList(ranges);
    }
}
