package dev.vigil.protocol.testing;

import java.io.ByteArrayOutputStream;

/** Hex strings (spaces allowed) to bytes; used for the commented byte-array frames. */
public final class Hex {
    private Hex() {
    }

    /** Concatenates the hex parts, each a field or a line of a header. */
    public static byte[] hex(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : parts) {
            String s = part.replaceAll("\\s+", "");
            if ((s.length() & 1) != 0) {
                throw new IllegalArgumentException("odd number of hex digits: " + part);
            }
            for (int i = 0; i < s.length(); i += 2) {
                out.write(Integer.parseInt(s.substring(i, i + 2), 16));
            }
        }
        return out.toByteArray();
    }

    /** Concatenates byte arrays (headers built separately). */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** {@code n} bytes of a recognisable filler payload. */
    public static byte[] payload(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    public static String mac(long mac) {
        return String.format("%02x:%02x:%02x:%02x:%02x:%02x", (mac >>> 40) & 0xFF, (mac >>> 32) & 0xFF,
                (mac >>> 24) & 0xFF, (mac >>> 16) & 0xFF, (mac >>> 8) & 0xFF, mac & 0xFF);
    }

    public static String ipv4(int a) {
        return ((a >>> 24) & 0xFF) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }
}
