package dev.vigil.protocol.reassembly;

import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.reassembly.Fragments.Frag;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.vigil.protocol.reassembly.Fragments.bytes;
import static dev.vigil.protocol.reassembly.Fragments.ipv4;
import static dev.vigil.protocol.reassembly.Fragments.ipv6;
import static org.assertj.core.api.Assertions.assertThat;

class IpDefragmenterTest {
    private static final long SEC = 1_000_000_000L;

    private final List<String> timeouts = new ArrayList<>();
    private final DefragListener listener = (type, version, srcHi, srcLo, dstHi, dstLo, id, protocol, ctx) ->
        timeouts.add(type.key() + " v" + version + " id=" + id + " proto=" + protocol + " ctx=" + ctx
            + " src=" + Long.toHexString(srcLo));

    private IpDefragmenter defrag(DefragConfig config) {
        return new IpDefragmenter(config, listener);
    }

    private static byte[] add(IpDefragmenter d, Frag f, long now) {
        DirectBuffer out = d.add(f.view, f.buf, now);
        if (out == null) {
            assertThat(d.lastLength()).isZero();
            return null;
        }
        byte[] r = new byte[d.lastLength()];
        out.getBytes(0, r);
        return r;
    }

    private static List<String> events(Frag f) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < f.view.eventCount; i++) {
            keys.add(DecodeEventType.byId(f.view.events[i]).key());
        }
        return keys;
    }

    // ================================================================ IPv4 reassembly

    @Test
    void ipv4InOrder() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] data = bytes(3000, 1);
        // 1480-byte fragments, as on an Ethernet path: 0..1480, 1480..2960, 2960..3000
        assertThat(add(d, ipv4(7, 0, true, data, 0, 1480), 0)).isNull();
        assertThat(add(d, ipv4(7, 1480, true, data, 1480, 1480), 1)).isNull();
        byte[] r = add(d, ipv4(7, 2960, false, data, 2960, 40), 2);
        assertThat(r).isEqualTo(Fragments.ipv4Datagram(7, 17, data, 20));
        assertThat(d.datagramsReassembled()).isEqualTo(1);
        assertThat(d.fragmentsSeen()).isEqualTo(3);
        assertThat(d.datagramsInProgress()).isZero();
        assertThat(d.bufferedBytes()).isZero();
    }

    @Test
    void ipv4ReverseOrderWithOptionsAndDontFragmentBitKept() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] data = bytes(100, 2);
        Frag f1 = ipv4(9, 17, 0, true, data, 0, 48, 24);     // first fragment has options (IHL 6)
        Frag f2 = ipv4(9, 17, 48, true, data, 48, 48, 20);
        Frag f3 = ipv4(9, 17, 96, false, data, 96, 4, 20);
        assertThat(add(d, f3, 0)).isNull();
        assertThat(add(d, f2, 0)).isNull();
        byte[] r = add(d, f1, 0);
        assertThat(r).isEqualTo(Fragments.ipv4Datagram(9, 17, data, 24));
        assertThat(Fragments.checksum(r, 24)).as("rebuilt header checksum verifies").isZero();
        assertThat(events(f1)).isEmpty();
    }

    @Test
    void ipv4FirstFragmentHeaderIsTheDatagramHeader() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] data = bytes(16, 3);
        Frag f1 = ipv4(1, 0, true, data, 0, 8);
        f1.buf.putShort(Fragments.L2 + 6, (short) 0x6000, java.nio.ByteOrder.BIG_ENDIAN); // DF + MF (odd but legal bits): DF must survive
        Frag f2 = ipv4(1, 8, false, data, 8, 8);
        add(d, f2, 0);
        byte[] r = add(d, f1, 0);
        assertThat(r).isNotNull();
        assertThat(((r[6] & 0xFF) << 8) | (r[7] & 0xFF)).isEqualTo(0x4000);
        assertThat(((r[2] & 0xFF) << 8) | (r[3] & 0xFF)).isEqualTo(36);
    }

    @Test
    void ipv4DuplicateFragmentIsDroppedSilently() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] data = bytes(24, 4);
        add(d, ipv4(2, 0, true, data, 0, 8), 0);
        Frag dup = ipv4(2, 0, true, data, 0, 8);
        assertThat(add(d, dup, 0)).isNull();
        assertThat(events(dup)).isEmpty();
        add(d, ipv4(2, 8, true, data, 8, 8), 0);
        assertThat(add(d, ipv4(2, 16, false, data, 16, 8), 0)).isEqualTo(Fragments.ipv4Datagram(2, 17, data, 20));
        assertThat(d.fragmentsDuplicate()).isEqualTo(1);
        assertThat(d.fragmentsOverlapping()).isZero();
    }

    /** ipv4.frag_overlap: a later fragment rewrites bytes 8..16; first wins. */
    @Test
    void ipv4OverlapKeepsFirstBytesAndRecordsEvent() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] first = bytes(24, 5);
        byte[] evil = bytes(24, 6);
        assertThat(add(d, ipv4(3, 0, true, first, 0, 16), 0)).isNull();
        // 8..24 from another source: overlaps 8..16 with different bytes
        Frag f2 = ipv4(3, 8, false, evil, 8, 16);
        byte[] r = add(d, f2, 0);
        assertThat(events(f2)).containsExactly("ipv4.frag_overlap");
        byte[] expected = first.clone();
        System.arraycopy(evil, 16, expected, 16, 8);
        assertThat(r).isEqualTo(Fragments.ipv4Datagram(3, 17, expected, 20));
        assertThat(d.fragmentsOverlapping()).isEqualTo(1);
    }

    @Test
    void ipv4OverlapInsideLaterFragmentKeepsFirst() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] first = bytes(32, 7);
        byte[] evil = bytes(32, 8);
        add(d, ipv4(4, 8, true, first, 8, 8), 0);      // 8..16 first
        add(d, ipv4(4, 24, false, first, 24, 8), 0);   // 24..32 first
        Frag big = ipv4(4, 0, true, evil, 0, 32);      // 0..32 over both
        byte[] r = add(d, big, 0);
        assertThat(events(big)).containsExactly("ipv4.frag_overlap");
        byte[] expected = evil.clone();
        System.arraycopy(first, 8, expected, 8, 8);
        System.arraycopy(first, 24, expected, 24, 8);
        assertThat(r).isEqualTo(Fragments.ipv4Datagram(4, 17, expected, 20));
    }

    @Test
    void ipv4NotAFragmentIsIgnored() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] data = bytes(16, 9);
        assertThat(add(d, ipv4(5, 0, false, data, 0, 16), 0)).isNull();
        assertThat(d.notFragments()).isEqualTo(1);
        assertThat(d.datagramsInProgress()).isZero();
    }

    @Test
    void ipv4TruncatedFragmentIsNotUsed() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] data = bytes(64, 10);
        Frag f = ipv4(6, 0, true, data, 0, 64);
        f.view.l3Length = 40; // snaplen cut the packet
        assertThat(add(d, f, 0)).isNull();
        assertThat(d.fragmentsTruncated()).isEqualTo(1);
        assertThat(events(f)).as("the decoder reports the truncation").isEmpty();
        assertThat(d.datagramsInProgress()).isZero();
    }

    @Test
    void contextKeepsVlansApart() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] data = bytes(16, 11);
        Frag a1 = ipv4(1, 0, true, data, 0, 8);
        a1.view.vlanIds[0] = 10;
        a1.view.vlanCount = 1;
        Frag b2 = ipv4(1, 8, false, data, 8, 8);
        b2.view.vlanIds[0] = 20;
        b2.view.vlanCount = 1;
        assertThat(add(d, a1, 0)).isNull();
        assertThat(add(d, b2, 0)).isNull();
        assertThat(d.datagramsInProgress()).isEqualTo(2);
        Frag a2 = ipv4(1, 8, false, data, 8, 8);
        a2.view.vlanIds[0] = 10;
        a2.view.vlanCount = 1;
        assertThat(add(d, a2, 0)).isEqualTo(Fragments.ipv4Datagram(1, 17, data, 20));
    }

    // ================================================================ IPv6 reassembly

    @Test
    void ipv6InOrder() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] data = bytes(2000, 12);
        assertThat(add(d, ipv6(0xABCDEF01L, 0, true, data, 0, 1448), 0)).isNull();
        byte[] r = add(d, ipv6(0xABCDEF01L, 1448, false, data, 1448, 552), 0);
        assertThat(r).isEqualTo(Fragments.ipv6Datagram(17, data, 0));
        assertThat(d.datagramsReassembled()).isEqualTo(1);
    }

    @Test
    void ipv6ReverseOrderWithUnfragmentableHopByHop() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] data = bytes(72, 13);
        Frag f1 = ipv6(77, 58, 0, true, data, 0, 32, 16);
        Frag f2 = ipv6(77, 58, 32, true, data, 32, 32, 16);
        Frag f3 = ipv6(77, 58, 64, false, data, 64, 8, 16);
        assertThat(add(d, f3, 0)).isNull();
        assertThat(add(d, f2, 0)).isNull();
        assertThat(add(d, f1, 0)).isEqualTo(Fragments.ipv6Datagram(58, data, 16));
    }

    @Test
    void ipv6ExactDuplicateIsDroppedSilently() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] data = bytes(16, 14);
        add(d, ipv6(5, 0, true, data, 0, 8), 0);
        Frag dup = ipv6(5, 0, true, data, 0, 8);
        assertThat(add(d, dup, 0)).isNull();
        assertThat(events(dup)).isEmpty();
        assertThat(add(d, ipv6(5, 8, false, data, 8, 8), 0)).isEqualTo(Fragments.ipv6Datagram(17, data, 0));
        assertThat(d.fragmentsDuplicate()).isEqualTo(1);
    }

    /** ipv6.frag_overlap: RFC 5722 drops the datagram and every later fragment of it, silently. */
    @Test
    void ipv6OverlapDropsDatagram() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] data = bytes(32, 15);
        add(d, ipv6(6, 0, true, data, 0, 16), 0);
        Frag overlap = ipv6(6, 8, true, data, 8, 16);
        assertThat(add(d, overlap, 0)).isNull();
        assertThat(events(overlap)).containsExactly("ipv6.frag_overlap");
        Frag rest = ipv6(6, 16, false, data, 16, 16);
        assertThat(add(d, rest, 0)).isNull();
        assertThat(events(rest)).isEmpty();
        assertThat(d.droppedOverlap()).isEqualTo(1);
        assertThat(d.fragmentsDiscarded()).isEqualTo(1);
        assertThat(d.bufferedBytes()).isZero();
        d.expire(31 * SEC);
        assertThat(timeouts).as("a dropped datagram does not also time out").isEmpty();
        assertThat(d.datagramsInProgress()).isZero();
    }

    @Test
    void ipv6SameOffsetDifferentBytesIsAnOverlap() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] data = bytes(16, 16);
        add(d, ipv6(8, 0, true, data, 0, 8), 0);
        Frag other = ipv6(8, 0, true, bytes(16, 17), 0, 8);
        add(d, other, 0);
        assertThat(events(other)).containsExactly("ipv6.frag_overlap");
    }

    /** RFC 6946: an atomic fragment is returned at once, without its Fragment header. */
    @Test
    void ipv6AtomicFragment() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] data = bytes(20, 18);
        assertThat(add(d, ipv6(9, 0, false, data, 0, 20), 0)).isEqualTo(Fragments.ipv6Datagram(17, data, 0));
        assertThat(add(d, ipv6(9, 6, 0, false, data, 0, 20, 8), 0)).isEqualTo(Fragments.ipv6Datagram(6, data, 8));
        assertThat(d.atomicFragments()).isEqualTo(2);
        assertThat(d.datagramsInProgress()).isZero();
    }

    @Test
    void ipv6WithoutFragmentHeaderIsIgnored() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        Frag f = ipv6(1, 0, true, bytes(8, 19), 0, 8);
        f.buf.putByte(Fragments.L2 + 6, (byte) 17); // next header UDP: no Fragment header
        assertThat(add(d, f, 0)).isNull();
        assertThat(d.notFragments()).isEqualTo(1);
    }

    // ================================================================ events, one test each

    /** ipv4.frag_timeout: reported to the listener with the datagram's key on expiry. */
    @Test
    void ipv4Timeout() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] data = bytes(16, 20);
        add(d, ipv4(0x1234, 0, true, data, 0, 8), 5 * SEC);
        d.expire(34 * SEC);
        assertThat(timeouts).isEmpty();
        d.expire(35 * SEC);
        assertThat(timeouts).containsExactly("ipv4.frag_timeout v4 id=4660 proto=17 ctx=0 src=ffffc0a80001");
        assertThat(d.datagramsTimedOut()).isEqualTo(1);
        assertThat(d.datagramsInProgress()).isZero();
        assertThat(d.bufferedBytes()).isZero();
        // the rest arrives too late: a new, incomplete datagram
        assertThat(add(d, ipv4(0x1234, 8, false, data, 8, 8), 36 * SEC)).isNull();
    }

    @Test
    void ipv6TimeoutFoundWhileAddingAnotherFragment() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] data = bytes(16, 21);
        add(d, ipv6(0xFEEDL, 0, true, data, 0, 8), 0);
        add(d, ipv6(0xBEEFL, 0, true, data, 0, 8), 30 * SEC);
        assertThat(timeouts).containsExactly("ipv6.frag_timeout v6 id=65261 proto=-1 ctx=0 src=1");
        assertThat(d.datagramsInProgress()).isEqualTo(1);
    }

    @Test
    void timeBackwardsDoesNotExpireOrBreakOrder() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] data = bytes(16, 22);
        add(d, ipv4(1, 0, true, data, 0, 8), 100 * SEC);
        add(d, ipv4(2, 0, true, data, 0, 8), 90 * SEC); // out-of-order capture timestamps
        d.expire(129 * SEC);
        assertThat(timeouts).isEmpty();
        d.expire(130 * SEC);
        assertThat(timeouts).hasSize(2);
    }

    /** ip.frag_table_full: the new datagram is not reassembled. */
    @Test
    void tableFull() {
        IpDefragmenter d = defrag(DefragConfig.builder().maxDatagrams(2).build());
        byte[] data = bytes(16, 23);
        add(d, ipv4(1, 0, true, data, 0, 8), 0);
        add(d, ipv4(2, 0, true, data, 0, 8), 0);
        Frag third = ipv4(3, 0, true, data, 0, 8);
        assertThat(add(d, third, 0)).isNull();
        assertThat(events(third)).containsExactly("ip.frag_table_full");
        assertThat(d.droppedTableFull()).isEqualTo(1);
        // existing datagrams still complete, and free their slot
        assertThat(add(d, ipv4(1, 8, false, data, 8, 8), 0)).isNotNull();
        Frag again = ipv4(3, 0, true, data, 0, 8);
        assertThat(add(d, again, 0)).isNull();
        assertThat(events(again)).isEmpty();
        assertThat(add(d, ipv4(3, 8, false, data, 8, 8), 0)).isEqualTo(Fragments.ipv4Datagram(3, 17, data, 20));
    }

    @Test
    void tableFullClearsAfterTimeout() {
        IpDefragmenter d = defrag(DefragConfig.builder().maxDatagrams(1).build());
        byte[] data = bytes(16, 24);
        add(d, ipv4(1, 0, true, data, 0, 8), 0);
        Frag late = ipv4(2, 0, true, data, 0, 8);
        add(d, late, 31 * SEC);
        assertThat(events(late)).isEmpty();
        assertThat(timeouts).hasSize(1);
    }

    /** ip.frag_memory_full: the datagram that needs the memory is dropped. */
    @Test
    void memoryFull() {
        IpDefragmenter d = defrag(DefragConfig.builder().blockSize(64).maxBufferedBytes(256).build());
        byte[] data = bytes(512, 25);
        assertThat(add(d, ipv4(1, 0, true, data, 0, 192), 0)).isNull(); // 3 blocks of 4
        Frag f = ipv4(2, 0, true, data, 0, 128);                         // 2 more: too many
        assertThat(add(d, f, 0)).isNull();
        assertThat(events(f)).containsExactly("ip.frag_memory_full");
        assertThat(d.droppedMemoryFull()).isEqualTo(1);
        assertThat(d.bufferedBytes()).isEqualTo(192);
        // the dropped datagram swallows its other fragments
        Frag rest = ipv4(2, 128, false, data, 128, 8);
        assertThat(add(d, rest, 0)).isNull();
        assertThat(events(rest)).isEmpty();
        // the first one still completes
        assertThat(add(d, ipv4(1, 192, false, data, 192, 8), 0)).isNotNull();
        assertThat(d.bufferedBytes()).isZero();
    }

    /** ip.frag_too_many. */
    @Test
    void tooManyFragments() {
        IpDefragmenter d = defrag(DefragConfig.builder().maxFragmentsPerDatagram(2).build());
        byte[] data = bytes(32, 26);
        add(d, ipv4(1, 0, true, data, 0, 8), 0);
        add(d, ipv4(1, 8, true, data, 8, 8), 0);
        Frag third = ipv4(1, 16, true, data, 16, 8);
        assertThat(add(d, third, 0)).isNull();
        assertThat(events(third)).containsExactly("ip.frag_too_many");
        assertThat(add(d, ipv4(1, 24, false, data, 24, 8), 0)).isNull();
        assertThat(d.droppedTooMany()).isEqualTo(1);
        assertThat(d.bufferedBytes()).isZero();
    }

    /** ipv4.frag_too_large: the "ping of death", offset 65528 + 16 bytes. */
    @Test
    void ipv4TooLarge() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] data = bytes(16, 27);
        Frag f = ipv4(1, 1, 65528, false, data, 0, 16, 20);
        assertThat(add(d, f, 0)).isNull();
        assertThat(events(f)).containsExactly("ipv4.frag_too_large");
        Frag first = ipv4(1, 1, 0, true, data, 0, 16, 20);
        assertThat(add(d, first, 0)).isNull();
        assertThat(events(first)).isEmpty();
        assertThat(d.droppedTooLarge()).isEqualTo(1);
        assertThat(d.bufferedBytes()).isZero();
    }

    @Test
    void ipv4TooLargeForConfiguredMaximum() {
        IpDefragmenter d = defrag(DefragConfig.builder().maxDatagramSize(1000).build());
        byte[] data = bytes(1000, 28);
        add(d, ipv4(1, 0, true, data, 0, 976), 0);
        Frag f = ipv4(1, 976, false, data, 976, 8); // 20 + 984 > 1000
        assertThat(add(d, f, 0)).isNull();
        assertThat(events(f)).containsExactly("ipv4.frag_too_large");
        assertThat(d.bufferedBytes()).isZero();
    }

    /** ipv6.frag_too_large: RFC 8200 §4.5, payload length would exceed 65535. */
    @Test
    void ipv6TooLarge() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        Frag f = ipv6(1, 65528, false, bytes(16, 29), 0, 16);
        assertThat(add(d, f, 0)).isNull();
        assertThat(events(f)).containsExactly("ipv6.frag_too_large");
    }

    /** ipv4.frag_invalid: non-last fragment whose length is not a multiple of 8 (RFC 791). */
    @Test
    void ipv4InvalidLength() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        Frag f = ipv4(1, 0, true, bytes(12, 30), 0, 12);
        assertThat(add(d, f, 0)).isNull();
        assertThat(events(f)).containsExactly("ipv4.frag_invalid");
        assertThat(d.datagramsInProgress()).isZero();
    }

    @Test
    void ipv4InvalidEndContradictions() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] data = bytes(48, 31);
        add(d, ipv4(1, 16, false, data, 16, 8), 0);          // end = 24
        Frag secondLast = ipv4(1, 16, false, data, 16, 16);  // end = 32: another end
        assertThat(add(d, secondLast, 0)).isNull();
        assertThat(events(secondLast)).containsExactly("ipv4.frag_invalid");
        Frag past = ipv4(1, 24, true, data, 24, 8);          // data past the end
        add(d, past, 0);
        assertThat(events(past)).containsExactly("ipv4.frag_invalid");
        // the first end still wins
        add(d, ipv4(1, 0, true, data, 0, 8), 0);
        assertThat(add(d, ipv4(1, 8, true, data, 8, 8), 0))
            .isEqualTo(Fragments.ipv4Datagram(1, 17, Arrays.copyOf(data, 24), 20));
        // last fragment ending before data already seen
        add(d, ipv4(2, 16, true, data, 16, 16), 0);
        Frag early = ipv4(2, 8, false, data, 8, 8);
        add(d, early, 0);
        assertThat(events(early)).containsExactly("ipv4.frag_invalid");
    }

    @Test
    void ipv4InvalidHeaderFields() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        Frag f = ipv4(1, 0, true, bytes(8, 32), 0, 8);
        f.view.ipHeaderLength = 12;
        add(d, f, 0);
        assertThat(events(f)).containsExactly("ipv4.frag_invalid");
        Frag g = ipv4(1, 8, true, bytes(8, 32), 0, 8);
        g.view.fragmentOffset = 13; // not a multiple of 8
        add(d, g, 0);
        assertThat(events(g)).containsExactly("ipv4.frag_invalid");
    }

    /** ipv6.frag_invalid: M = 1 and a length that is not a multiple of 8 (RFC 8200 §4.5). */
    @Test
    void ipv6InvalidLength() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        Frag f = ipv6(1, 0, true, bytes(12, 33), 0, 12);
        assertThat(add(d, f, 0)).isNull();
        assertThat(events(f)).containsExactly("ipv6.frag_invalid");
    }

    @Test
    void ipv6InvalidExtensionChain() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        Frag f = ipv6(1, 17, 0, true, bytes(8, 34), 0, 8, 8);
        f.buf.putByte(Fragments.L2 + 40 + 1, (byte) 200); // Hop-by-Hop length runs past the packet
        add(d, f, 0);
        assertThat(events(f)).containsExactly("ipv6.frag_invalid");
    }

    /** ipv6.frag_header_too_long: the unfragmentable part does not fit the configured header room. */
    @Test
    void ipv6HeaderTooLong() {
        IpDefragmenter d = defrag(DefragConfig.builder().maxHeaderLength(60).build());
        byte[] data = bytes(16, 35);
        Frag f = ipv6(1, 17, 0, true, data, 0, 8, 24); // 40 + 24 > 60
        assertThat(add(d, f, 0)).isNull();
        assertThat(events(f)).containsExactly("ipv6.frag_header_too_long");
        assertThat(add(d, ipv6(1, 17, 8, false, data, 8, 8, 24), 0)).isNull();
        assertThat(d.droppedHeaderTooLong()).isEqualTo(1);
    }

    @Test
    void reassembledBufferIsReusedAndLengthReported() {
        IpDefragmenter d = defrag(DefragConfig.defaults());
        byte[] data = bytes(16, 36);
        add(d, ipv4(1, 0, true, data, 0, 8), 0);
        Frag last = ipv4(1, 8, false, data, 8, 8);
        DirectBuffer a = d.add(last.view, last.buf, 0);
        assertThat(d.lastLength()).isEqualTo(36);
        add(d, ipv4(2, 0, true, data, 0, 8), 0);
        Frag last2 = ipv4(2, 8, false, data, 8, 8);
        DirectBuffer b = d.add(last2.view, last2.buf, 0);
        assertThat(b).isSameAs(a);
    }

    @Test
    void configRejectsNonsense() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DefragConfig.builder().maxDatagrams(0).build())
            .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DefragConfig.builder().maxHeaderLength(40).build())
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(DefragConfig.defaults().toBuilder().build().toString()).isEqualTo(DefragConfig.defaults().toString());
    }
}
