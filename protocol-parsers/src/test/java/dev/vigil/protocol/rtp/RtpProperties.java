package dev.vigil.protocol.rtp;

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
 * jqwik properties: arbitrary and mutated datagrams never make the RTP flyweight, the RTCP parser
 * or the stream statistics throw; every read stays inside the datagram (a direct buffer holding
 * exactly the datagram at an offset reads alike, and any read past it would throw); a header that
 * passes the check fits its datagram; RTCP accessors of an accepted compound stay inside it; and
 * the loss figures keep their identities over any packet sequence.
 */
class RtpProperties {
    private final RtpFlyweight rtp = new RtpFlyweight();
    private final RtcpParser rtcp = new RtcpParser();
    private final RtpStreamStats stats = new RtpStreamStats();

    @Property(tries = 3000)
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 96) byte[] datagram, @ForAll @IntRange(max = 15) int at,
                                  @ForAll @IntRange(max = 8) int extraDeclared) {
        check(datagram, at, extraDeclared);
    }

    @Property(tries = 3000)
    void mutatedPacketsNeverThrow(@ForAll("seeds") byte[] seed, @ForAll long random) {
        Random r = new Random(random);
        byte[] m = seed.clone();
        int flips = r.nextInt(10);
        for (int i = 0; i < flips; i++) {
            int bit = r.nextInt(m.length * 8);
            m[bit >> 3] ^= (byte) (1 << (bit & 7));
        }
        if (r.nextBoolean()) {
            m = Arrays.copyOf(m, r.nextInt(m.length + 1));
        }
        check(m, r.nextInt(16), r.nextInt(4));
    }

    @Property(tries = 500)
    void lossIdentitiesHoldForAnySequence(@ForAll @Size(min = 1, max = 200) int[] steps, @ForAll long seed) {
        Random r = new Random(seed);
        stats.reset(7, 0);
        byte[] p = new byte[16];
        UnsafeBuffer b = new UnsafeBuffer(p);
        int seq = r.nextInt(65536);
        long ts = r.nextInt() & 0xFFFFFFFFL;
        long t = 1_700_000_000_000_000_000L;
        for (int step : steps) {
            seq = (seq + (step % 7) - 2) & 0xFFFF;     // forward, repeated or backwards
            ts = (ts + 160L * ((step >> 3) % 5 - 1)) & 0xFFFFFFFFL;
            t += 20_000_000L + (step % 1000) * 1000L;
            ByteBuffer.wrap(p).put((byte) 0x80).put((byte) (step & 0x7F)).putShort((short) seq).putInt((int) ts)
                    .putInt(7).putInt(step);
            stats.update(rtp.wrap(b, 0, 16), t, 1, 4, (step & 1) == 0 ? 8000 : 0, (step & 6) == 6, true);
        }
        assertThat(stats.packets()).isEqualTo(steps.length);
        assertThat(stats.lost()).isEqualTo(stats.expected() - stats.packets());
        assertThat(stats.duplicates() + stats.outOfOrder()).isLessThanOrEqualTo(stats.packets() - 1);
        assertThat(stats.maxJitterMs()).isGreaterThanOrEqualTo(0).isFinite();
        assertThat(stats.meanJitterMs()).isFinite();
        assertThat(stats.maxDeltaMs()).isGreaterThanOrEqualTo(0);
        assertThat(stats.dtmfLength()).isLessThanOrEqualTo(RtpStreamStats.MAX_DTMF_DIGITS);
        assertThat(stats.lossPercent()).isBetween(0.0, 100.0);
        double r2 = stats.rFactor("PCMU");
        assertThat(EModel.mos(r2)).isBetween(1.0, 4.5);
    }

    @Provide
    Arbitrary<byte[]> seeds() {
        return Arbitraries.of(RtpFlyweightTest.pcma(),
                dev.vigil.protocol.testing.Hex.hex("91e00001 00000000 00001646 0070a0b1 bede0001 10ff0000 aabb"),
                dev.vigil.protocol.testing.Hex.hex("81c8000c 5a3361b3 e7f2a1b0 00000000 00012c00 00000018 00000f00",
                        "42f433d4 19fffffe 00011a2b 00000020 a1b00000 00010000",
                        "81ca0003 5a3361b3 01036162 63000000"),
                dev.vigil.protocol.testing.Hex.hex("80c90001 1e063b22 81cb0001 1e063b22"));
    }

    private void check(byte[] datagram, int at, int extraDeclared) {
        ByteBuffer direct = ByteBuffer.allocateDirect(at + datagram.length);
        direct.position(at);
        direct.put(datagram);
        UnsafeBuffer exact = new UnsafeBuffer(direct);
        int declared = datagram.length + extraDeclared;

        RtpFlyweight r = rtp.wrap(exact, at, datagram.length);
        if (datagram.length >= 12) {
            int status = r.check(declared);
            int heap = new RtpFlyweight().wrap(new UnsafeBuffer(datagram), 0, datagram.length).check(declared);
            assertThat(heap).isEqualTo(status);
            if (status == RtpFlyweight.OK) {
                assertThat(r.headerLength()).isLessThanOrEqualTo(datagram.length);
                assertThat(r.headerLength() + r.paddingCount(declared)).isLessThanOrEqualTo(declared);
                r.ssrc();
                r.timestamp();
                stats.reset(r.ssrc(), 0);
                stats.update(r, 1, 1, declared - r.headerLength() - r.paddingCount(declared), 8000, true, true);
                assertThat(stats.packets()).isEqualTo(1);
            }
        } else {
            assertThat(r.check(declared)).isNotEqualTo(RtpFlyweight.OK);
        }

        int s = rtcp.wrap(exact, at, datagram.length, declared);
        assertThat(s).isBetween(RtcpParser.STATUS_OK, RtcpParser.STATUS_MALFORMED);
        int packets = 0;
        int bytes = 0;
        while (rtcp.next()) {
            packets++;
            bytes += rtcp.packetLength();
            rtcp.senderSsrc();
            for (int i = 0; i < rtcp.reportCount(); i++) {
                rtcp.reportSsrc(i);
                rtcp.reportCumulativeLost(i);
                rtcp.reportDelaySinceLastSr(i);
            }
            if (rtcp.packetType() == RtcpParser.SR) {
                rtcp.senderOctetCount();
            }
            for (int i = 0; i < rtcp.chunkCount(); i++) {
                if (rtcp.cnameOffset(i) >= 0) {
                    assertThat(rtcp.cnameOffset(i) + rtcp.cnameLength(i)).isLessThanOrEqualTo(at + datagram.length);
                    rtcp.buffer().getByte(rtcp.cnameOffset(i) + Math.max(0, rtcp.cnameLength(i) - 1));
                }
            }
            for (int i = 0; i < rtcp.byeCount(); i++) {
                rtcp.byeSsrc(i);
            }
        }
        assertThat(packets).isEqualTo(rtcp.packetCount());
        assertThat(bytes).isLessThanOrEqualTo(datagram.length);
        if (s == RtcpParser.STATUS_OK) {
            assertThat(bytes).isEqualTo(declared);
        }
    }
}
