package dev.vigil.protocol.reassembly;

import dev.vigil.protocol.PacketView;
import dev.vigil.protocol.reassembly.Fragments.Frag;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IpDefragmenterProperties {

    /** Fragment boundaries (at least two pieces): multiples of 8 except the end; some repeated; shuffled. */
    private static List<int[]> fragmentation(int size, Random rnd, int maxFragment) {
        List<int[]> frags = new ArrayList<>();
        int unit = 1 + rnd.nextInt(Math.max(1, maxFragment / 8));
        for (int pos = 0; pos < size; ) {
            int n = Math.min(size - pos, 8 * (1 + rnd.nextInt(unit)));
            if (n == size) {
                n = 8 * ((size - 1) / 8); // at least two pieces: one piece is no fragment (RFC 791)
            }
            frags.add(new int[] {pos, pos + n});
            pos += n;
        }
        int dups = rnd.nextInt(frags.size() + 1);
        for (int i = 0; i < dups; i++) {
            frags.add(frags.get(rnd.nextInt(frags.size())).clone());
        }
        Collections.shuffle(frags, rnd);
        return frags;
    }

    private static List<byte[]> feed(IpDefragmenter d, List<Frag> frags) {
        List<byte[]> results = new ArrayList<>();
        for (Frag f : frags) {
            DirectBuffer out = d.add(f.view, f.buf, 0);
            assertThat(f.view.eventCount).as("no events for clean fragments").isZero();
            if (out != null) {
                byte[] r = new byte[d.lastLength()];
                out.getBytes(0, r);
                results.add(r);
            }
        }
        return results;
    }

    /** Defaults, except that 8-byte fragments of a 5000-byte datagram must fit. */
    private static IpDefragmenter manyFragments() {
        return new IpDefragmenter(DefragConfig.builder().maxFragmentsPerDatagram(2048).build(), null);
    }

    @Property(tries = 300)
    void ipv4RandomFragmentationsReassemble(@ForAll @IntRange(min = 9, max = 5000) int size, @ForAll long seed,
                                            @ForAll @IntRange(min = 0, max = 10) int optionWords) {
        Random rnd = new Random(seed);
        byte[] data = Fragments.bytes(size, rnd.nextInt());
        int hl = 20 + 4 * optionWords;
        int id = rnd.nextInt(0x10000);
        List<Frag> frags = new ArrayList<>();
        for (int[] p : fragmentation(size, rnd, 1480)) {
            frags.add(Fragments.ipv4(id, 17, p[0], p[1] < size, data, p[0], p[1] - p[0], p[0] == 0 ? hl : 20));
        }
        IpDefragmenter d = manyFragments();
        List<byte[]> results = feed(d, frags);
        assertThat(results).isNotEmpty();
        byte[] expected = Fragments.ipv4Datagram(id, 17, data, hl);
        for (byte[] r : results) {
            assertThat(r).isEqualTo(expected);
        }
    }

    @Property(tries = 300)
    void ipv6RandomFragmentationsReassemble(@ForAll @IntRange(min = 9, max = 5000) int size, @ForAll long seed,
                                            @ForAll @IntRange(min = 0, max = 3) int extWords) {
        Random rnd = new Random(seed);
        byte[] data = Fragments.bytes(size, rnd.nextInt());
        long id = rnd.nextLong() & 0xFFFF_FFFFL;
        int ext = 8 * extWords;
        List<Frag> frags = new ArrayList<>();
        for (int[] p : fragmentation(size, rnd, 1400)) {
            frags.add(Fragments.ipv6(id, 6, p[0], p[1] < size, data, p[0], p[1] - p[0], ext));
        }
        IpDefragmenter d = manyFragments();
        List<byte[]> results = feed(d, frags);
        assertThat(results).isNotEmpty();
        byte[] expected = Fragments.ipv6Datagram(6, data, ext);
        for (byte[] r : results) {
            assertThat(r).isEqualTo(expected);
        }
    }

    /** IPv4 overlaps carrying the same bytes (first-wins is then invisible) still give the original. */
    @Property(tries = 200)
    void ipv4OverlappingFragmentsWithSameBytesReassemble(@ForAll @IntRange(min = 16, max = 3000) int size,
                                                         @ForAll long seed) {
        Random rnd = new Random(seed);
        byte[] data = Fragments.bytes(size, rnd.nextInt());
        List<int[]> pieces = fragmentation(size, rnd, 800);
        for (int i = rnd.nextInt(8); i > 0; i--) {
            int s = 8 * rnd.nextInt((size - 1) / 8 + 1);
            int e = Math.min(size, s + 8 * (1 + rnd.nextInt(50)));
            if (e < size && (e - s) % 8 != 0) {
                continue;
            }
            pieces.add(new int[] {s, e});
        }
        Collections.shuffle(pieces, rnd);
        IpDefragmenter d = manyFragments();
        byte[] expected = Fragments.ipv4Datagram(3, 17, data, 20);
        for (int[] p : pieces) {
            Frag f = Fragments.ipv4(3, p[0], p[1] < size, data, p[0], p[1] - p[0]);
            DirectBuffer out = d.add(f.view, f.buf, 0);
            if (out != null) {
                byte[] r = new byte[d.lastLength()];
                out.getBytes(0, r);
                assertThat(r).isEqualTo(expected);
            }
        }
        assertThat(d.datagramsReassembled()).isPositive();
    }

    @Property(tries = 1000)
    void arbitraryInputNeverThrows(@ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int packets) {
        Random rnd = new Random(seed);
        DefragConfig cfg = DefragConfig.builder()
            .maxDatagrams(1 + rnd.nextInt(4)).blockSize(64).maxBufferedBytes(64 * (1 + rnd.nextInt(40)))
            .maxFragmentsPerDatagram(2 + rnd.nextInt(6)).maxDatagramSize(68 + rnd.nextInt(65_535 - 67))
            .maxHeaderLength(60 + rnd.nextInt(100)).timeoutNanos(1 + rnd.nextInt(1000)).build();
        IpDefragmenter d = new IpDefragmenter(cfg, (t, v, sh, sl, dh, dl, id, p, c) -> { });
        byte[] data = Fragments.bytes(3000, rnd.nextInt());
        long now = rnd.nextLong();
        for (int i = 0; i < packets; i++) {
            Frag f;
            int kind = rnd.nextInt(3);
            int off = 8 * rnd.nextInt(40);
            int len = rnd.nextInt(10) == 0 ? rnd.nextInt(100) : 8 * rnd.nextInt(30);
            if (kind == 0) {
                f = Fragments.ipv4(rnd.nextInt(3), 17, off, rnd.nextBoolean(), data, 0, len, 20 + 4 * rnd.nextInt(11));
            } else if (kind == 1) {
                f = Fragments.ipv6(rnd.nextInt(3), 17, off, rnd.nextBoolean(), data, 0, len, 8 * rnd.nextInt(4));
            } else {
                byte[] junk = new byte[rnd.nextInt(200)];
                rnd.nextBytes(junk);
                f = new Frag(new UnsafeBuffer(junk), new PacketView().reset());
            }
            mutate(f, rnd);
            DirectBuffer out = d.add(f.view, f.buf, rnd.nextInt(), now);
            if (out != null) {
                assertThat(d.lastLength()).isBetween(1, out.capacity());
            }
            now += rnd.nextInt(400) - 100;
            if (rnd.nextInt(10) == 0) {
                d.expire(now);
            }
            assertThat(d.datagramsInProgress()).isLessThanOrEqualTo(cfg.maxDatagrams());
            assertThat(d.bufferedBytes()).isLessThanOrEqualTo(cfg.maxBufferedBytes());
        }
    }

    /** Flips bytes and view fields the way a bad decoder or a hostile packet might. */
    private static void mutate(Frag f, Random rnd) {
        UnsafeBuffer b = f.buf;
        for (int i = rnd.nextInt(4); i > 0 && b.capacity() > 0; i--) {
            b.putByte(rnd.nextInt(b.capacity()), (byte) rnd.nextInt());
        }
        PacketView v = f.view;
        switch (rnd.nextInt(12)) {
            case 0: v.l3Offset = rnd.nextInt(300) - 20; break;
            case 1: v.l3Length = rnd.nextInt(3000) - 20; break;
            case 2: v.ipHeaderLength = rnd.nextInt(100) - 10; break;
            case 3: v.fragmentOffset = rnd.nextInt(); break;
            case 4: v.ipVersion = rnd.nextInt(8); break;
            case 5: v.fragmentId = rnd.nextLong(); break;
            case 6: v.vlanCount = rnd.nextInt(10); break;
            case 7: v.moreFragments = !v.moreFragments; break;
            default: break;
        }
    }
}
