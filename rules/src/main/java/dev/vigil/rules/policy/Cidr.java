package dev.vigil.rules.policy;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.20.0.0/24}, {@code fd00:20::/64}); a bare
 * address is a /32 or /128. Host bits must be zero so a typo such as {@code 10.20.0.10/24} is caught
 * when the policy is loaded instead of silently meaning the whole /24.
 */
public final class Cidr {
    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * Parses {@code address[/prefix]}.
     *
     * @throws IllegalArgumentException with a message for the policy's error list
     */
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        byte[] b = Ip.parse(addr);
        if (b == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR network");
        }
        int max = b.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("'" + text + "': the prefix length must be a number");
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                throw new IllegalArgumentException("'" + text + "': prefix length " + prefix + " is longer than "
                        + max + " bits");
            }
        }
        for (int bit = prefix; bit < max; bit++) {
            if ((b[bit >> 3] & (0x80 >> (bit & 7))) != 0) {
                throw new IllegalArgumentException("'" + text + "' has host bits set; did you mean "
                        + Ip.format(mask(b, prefix)) + "/" + prefix + "?");
            }
        }
        return new Cidr(b, prefix);
    }

    private static byte[] mask(byte[] b, int prefix) {
        byte[] m = b.clone();
        for (int bit = prefix; bit < b.length * 8; bit++) {
            m[bit >> 3] &= (byte) ~(0x80 >> (bit & 7));
        }
        return m;
    }

    /** Whether the address (4 or 16 bytes) lies in this network; an IPv4 address never matches IPv6. */
    public boolean contains(byte[] addr) {
        if (addr == null || addr.length != network.length) {
            return false;
        }
        int full = prefix >> 3;
        for (int i = 0; i < full; i++) {
            if (addr[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix & 7;
        if (rest == 0) {
            return true;
        }
        int m = (0xff << (8 - rest)) & 0xff;
        return (addr[full] & m) == (network[full] & m);
    }

    public int prefix() {
        return prefix;
    }

    public boolean isV6() {
        return network.length == 16;
    }

    @Override
    public String toString() {
        return Ip.format(network) + "/" + prefix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }
}
