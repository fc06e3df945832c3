package dev.vigil.protocol.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * jqwik properties: arbitrary bytes and mutated (bit flips, cuts, spliced bytes) well-formed
 * messages never make the adapter throw, every result stays within its caps and agrees with its
 * status, and the same datagram decodes alike from a heap array and from a direct buffer at any
 * offset with stale bytes after it.
 */
class TftpKaitaiAdapterProperties {
    private final TftpKaitaiAdapter adapter = new TftpKaitaiAdapter();

    @Property(tries = 3000)
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 600) byte[] datagram, @ForAll long seed) {
        check(datagram, seed);
    }

    @Property(tries = 3000)
    void arbitraryBytesBehindEveryOpcode(@ForAll @IntRange(min = 0, max = 8) int opcode,
                                         @ForAll @Size(max = 300) byte[] tail, @ForAll long seed) {
        byte[] d = new byte[2 + tail.length];
        d[1] = (byte) opcode;
        System.arraycopy(tail, 0, d, 2, tail.length);
        check(d, seed);
    }

    @Property(tries = 3000)
    void mutatedMessagesNeverThrow(@ForAll("seeds") byte[] seed, @ForAll long random) {
        Random r = new Random(random);
        byte[] m = seed.clone();
        int flips = r.nextInt(6);
        for (int i = 0; i < flips && m.length > 0; i++) {
            int bit = r.nextInt(m.length * 8);
            m[bit >> 3] ^= (byte) (1 << (bit & 7));
        }
        if (r.nextBoolean() && m.length > 0) {
            m = java.util.Arrays.copyOf(m, r.nextInt(m.length + 1));
        }
        if (r.nextInt(4) == 0) {
            // NULs and text spliced in: strings appear, vanish, or lose their terminators
            byte[] splice = r.nextBoolean() ? new byte[r.nextInt(40)] : "blksize\0".getBytes(StandardCharsets.US_ASCII);
            int at = m.length == 0 ? 0 : r.nextInt(m.length + 1);
            byte[] n = new byte[m.length + splice.length];
            System.arraycopy(m, 0, n, 0, at);
            System.arraycopy(splice, 0, n, at, splice.length);
            System.arraycopy(m, at, n, at + splice.length, m.length - at);
            m = n;
        }
        check(m, random);
    }

    @Provide
    Arbitrary<byte[]> seeds() {
        return Arbitraries.of(
                TftpKaitaiAdapterTest.msg(1, "rfc1350.txt\0", "octet\0"),
                TftpKaitaiAdapterTest.msg(2, "empty100KB\0", "octet\0", "blksize\0", "1468\0", "tsize\0", "100000\0"),
                TftpKaitaiAdapterTest.msg(3, 7, "0123456789abcdef"),
                TftpKaitaiAdapterTest.msg(4, 7),
                TftpKaitaiAdapterTest.msg(5, 1, "File not found\0"),
                TftpKaitaiAdapterTest.msg(6, "blksize\0", "1468\0", "timeout\0", "3\0", "windowsize\0", "8\0"));
    }

    private void check(byte[] datagram, long seed) {
        TftpMessage heap = adapter.parse(new UnsafeBuffer(datagram), 0, datagram.length, new TftpMessage());
        assertInvariants(heap, datagram.length);

        Random r = new Random(seed);
        int at = r.nextInt(32);
        ByteBuffer direct = ByteBuffer.allocateDirect(at + datagram.length + 64);
        UnsafeBuffer buf = new UnsafeBuffer(direct);
        byte[] junk = new byte[direct.capacity()];
        r.nextBytes(junk);
        buf.putBytes(0, junk);
        buf.putBytes(at, datagram);
        TftpMessage other = adapter.parse(buf, at, datagram.length, new TftpMessage());
        assertThat(other.toString()).isEqualTo(heap.toString());
        assertThat(other.status()).isEqualTo(heap.status());
        assertThat(other.dataLength()).isEqualTo(heap.dataLength());
    }

    static void assertInvariants(TftpMessage m, int length) {
        assertThat(m.eventCount()).isBetween(0, TftpMessage.MAX_EVENTS);
        assertThat(m.status() == TftpMessage.STATUS_OK || m.eventCount() > 0).isTrue();
        assertThat(m.optionCount()).isBetween(0, TftpKaitaiAdapter.MAX_OPTIONS);
        if (m.filename() != null) {
            assertThat(m.filename().getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(3 * TftpKaitaiAdapter.MAX_FILENAME_BYTES);
            assertThat(m.filename().length()).isLessThanOrEqualTo(TftpKaitaiAdapter.MAX_FILENAME_BYTES);
        }
        for (String s : new String[] {m.mode(), m.errorMessage()}) {
            if (s != null) {
                assertThat(s.length()).isLessThanOrEqualTo(TftpKaitaiAdapter.MAX_STRING_BYTES);
            }
        }
        for (int i = 0; i < m.optionCount(); i++) {
            assertThat(m.optionName(i)).isNotNull();
            assertThat(m.optionName(i).length()).isLessThanOrEqualTo(TftpKaitaiAdapter.MAX_STRING_BYTES);
        }
        assertThat(m.block()).isBetween(-1, 65535);
        assertThat(m.dataLength()).isBetween(-1, Math.max(-1, length - 4));
        assertThat(m.errorCode()).isBetween(-1, 65535);
        if (m.opcode() >= 0) {
            assertThat(length).isGreaterThanOrEqualTo(2);
        }
        if (m.blksize() != -1) {
            assertThat(m.blksize()).isBetween(8, 65464);
        }
    }
}
