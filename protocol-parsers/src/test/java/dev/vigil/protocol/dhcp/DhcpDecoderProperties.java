package dev.vigil.protocol.dhcp;

import static dev.vigil.protocol.testing.Hex.concat;
import static dev.vigil.protocol.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * jqwik properties: arbitrary bytes, arbitrary options behind a valid header and cookie, and
 * mutated (bit flips, cuts, spliced bytes) well-formed messages never make the decoder throw;
 * every result respects its caps and agrees with its events; the same datagram decodes alike
 * from a heap array and from a direct buffer at any offset with stale bytes after it.
 */
class DhcpDecoderProperties {
    private final DhcpDecoder decoder = new DhcpDecoder(new DhcpDecoder.Limits(16, 600));
    private final DhcpDecoder other = new DhcpDecoder(new DhcpDecoder.Limits(16, 600));

    @Property(tries = 2000)
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 700) byte[] datagram, @ForAll boolean cut, @ForAll long seed) {
        check(datagram, cut, seed);
    }

    @Property(tries = 3000)
    void arbitraryOptionsBehindAValidHeader(@ForAll @Size(max = 900) byte[] options,
                                            @ForAll @IntRange(min = 0, max = 4) int overload,
                                            @ForAll boolean cut, @ForAll long seed) {
        Random r = new Random(seed);
        byte[] sname = new byte[64];
        byte[] file = new byte[128];
        if (r.nextBoolean()) {
            r.nextBytes(sname);
            r.nextBytes(file);
        }
        byte[] d = concat(DhcpBytes.reply(sname, file), hex(DhcpBytes.COOKIE, "34 01", String.format("%02x", overload)),
                options);
        check(d, cut, seed);
    }

    @Property(tries = 3000)
    void mutatedMessagesNeverThrow(@ForAll("seeds") byte[] seed, @ForAll long random, @ForAll boolean cut) {
        Random r = new Random(random);
        byte[] m = seed.clone();
        int flips = r.nextInt(8);
        for (int i = 0; i < flips && m.length > 0; i++) {
            // flips land in the options more often: that is where the structure is
            int from = m.length > 240 && r.nextBoolean() ? 240 : 0;
            int bit = from * 8 + r.nextInt((m.length - from) * 8);
            m[bit >> 3] ^= (byte) (1 << (bit & 7));
        }
        if (r.nextBoolean() && m.length > 0) {
            m = Arrays.copyOf(m, r.nextInt(m.length + 1));
        }
        if (r.nextInt(4) == 0) {
            byte[] splice = new byte[r.nextInt(12)];
            r.nextBytes(splice);
            int at = m.length == 0 ? 0 : r.nextInt(m.length + 1);
            byte[] n = new byte[m.length + splice.length];
            System.arraycopy(m, 0, n, 0, at);
            System.arraycopy(splice, 0, n, at, splice.length);
            System.arraycopy(m, at, n, at + splice.length, m.length - at);
            m = n;
        }
        check(m, cut, random);
    }

    @Provide
    Arbitrary<byte[]> seeds() {
        byte[] sname = DhcpBytes.area(64, "06 04 0a640002", "03 04 0a640002", "0f 09 6576696c2e636f7270", "ff");
        byte[] overloaded = concat(DhcpBytes.reply(sname, DhcpBytes.area(128, "0c 05 6c6f626279", "ff")), hex(
                DhcpBytes.COOKIE, "35 01 02", "36 04 0a640002", "34 01 03", "0c 03 616263", "ff"));
        return Arbitraries.of(DhcpBytes.discover(), DhcpBytes.ack(), overloaded);
    }

    private void check(byte[] datagram, boolean cut, long seed) {
        DhcpMessage heap = decoder.decode(datagram, 0, datagram.length, cut);
        assertInvariants(heap, datagram.length);
        String expected = snapshot(heap);

        Random r = new Random(seed);
        int at = r.nextInt(32);
        ByteBuffer direct = ByteBuffer.allocateDirect(at + datagram.length + 32);
        byte[] junk = new byte[direct.capacity()];
        r.nextBytes(junk);
        direct.put(junk).clear();
        direct.position(at);
        direct.put(datagram);
        DhcpMessage fromDirect = other.decode(new UnsafeBuffer(direct), at, datagram.length, cut);
        assertThat(snapshot(fromDirect)).isEqualTo(expected);
    }

    private void assertInvariants(DhcpMessage m, int length) {
        assertThat(m.optionCount).isLessThanOrEqualTo(decoder.limits().maxOptions());
        for (int i = 0; i < m.eventCount; i++) {
            assertThat(m.events[i].protocol()).isEqualTo("dhcp");
        }
        if (!m.header) {
            assertThat(length).isLessThan(DhcpDecoder.HEADER_LENGTH);
            assertThat(m.has(DhcpDecoder.TRUNCATED)).isTrue();
        } else {
            assertThat(length).isGreaterThanOrEqualTo(DhcpDecoder.HEADER_LENGTH);
        }
        if (m.eventCount == 0) {
            assertThat(m.status).isEqualTo(DhcpMessage.STATUS_OK);
        }
        if (!m.cookie) {
            assertThat(m.optionCount).isZero();
            assertThat(m.messageType).isEqualTo(DhcpMessage.TYPE_BOOTP);
        }
        assertThat(m.overload).isBetween(0, 3);
        if (m.clientMac != DhcpMessage.ABSENT) {
            assertThat(m.hlen).isEqualTo(6);
        }
    }

    private static String snapshot(DhcpMessage m) {
        return m.status + " " + Arrays.toString(Arrays.copyOf(m.events, m.eventCount)) + " " + m.header + " "
                + m.cookie + " " + m.op + " " + m.xid + " " + m.clientMac + " " + m.messageType + " " + m.optionCount
                + " " + m.requestedIp + " " + m.serverId + " " + m.leaseTime + " " + m.hostname + " " + m.vendorClass
                + " " + m.domainName + " " + Arrays.toString(m.routers) + " " + Arrays.toString(m.dnsServers) + " "
                + Arrays.toString(m.parameterList) + " " + m.serverName + " " + m.bootFile + " " + m.overload;
    }
}
