package dev.vigil.protocol.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Loss, wrap, duplicate and reordering accounting, telephone events and the quality estimate on
 * hand-made packet sequences (the tshark comparison on real and edge-case captures is in the
 * sensor's RtpCorpusTest and RtpEdgeCaseTest).
 */
class RtpStreamStatsTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private final byte[] packet = new byte[16];
    private final UnsafeBuffer buf = new UnsafeBuffer(packet);
    private final RtpFlyweight rtp = new RtpFlyweight();
    private final RtpStreamStats s = new RtpStreamStats().reset(0x1234, 0);

    /** Writes a 16-byte RTP packet: V=2, the given PT/marker, seq, timestamp, SSRC 0x1234, 4 payload bytes. */
    private RtpFlyweight packet(int pt, boolean marker, int seq, long ts, int payload) {
        ByteBuffer b = ByteBuffer.wrap(packet);
        b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | pt)).putShort((short) seq).putInt((int) ts)
                .putInt(0x1234).putInt(payload);
        return rtp.wrap(buf, 0, packet.length);
    }

    private void send(int seq, long ts, long atMicros) {
        s.update(packet(0, false, seq, ts, 0), T0 + atMicros * 1000, seq, 4, 8000, false, true);
    }

    @Test
    void perfectStreamHasNoLossAndNoJitter() {
        for (int i = 0; i < 50; i++) {
            send(100 + i, 160L * i, 20_000L * i);
        }
        assertThat(s.packets()).isEqualTo(50);
        assertThat(s.expected()).isEqualTo(50);
        assertThat(s.lost()).isZero();
        assertThat(s.jitterKnown()).isTrue();
        assertThat(s.maxJitterMs()).isCloseTo(0, within(1e-9));
        assertThat(s.maxDeltaMs()).isCloseTo(20, within(1e-9));
        assertThat(s.bytes()).isEqualTo(200);
        assertThat(s.mediaPayloadType()).isZero();
        assertThat(s.mediaClockRate()).isEqualTo(8000);
        assertThat(s.duplicates()).isZero();
        assertThat(s.outOfOrder()).isZero();
    }

    @Test
    void sequenceWrapIsOneCycleAndLossCounts() {
        int seq = 65530;
        for (int i = 0; i < 20; i++) {
            if (i == 8 || i == 9) {
                continue; // 65538 and 65539 = 2 and 3 after the wrap are lost
            }
            send((seq + i) & 0xFFFF, 160L * i, 20_000L * i);
        }
        assertThat(s.sequenceWraps()).isEqualTo(1);
        assertThat(s.expected()).isEqualTo(20);
        assertThat(s.lost()).isEqualTo(2);
        assertThat(s.lossPercent()).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void duplicatesMakeLossNegativeAndAreCountedApart() {
        for (int i = 0; i < 10; i++) {
            send(i, 160L * i, 20_000L * i);
            if (i % 3 == 0) {
                send(i, 160L * i, 20_000L * i + 100); // the same packet again
            }
        }
        assertThat(s.packets()).isEqualTo(14);
        assertThat(s.lost()).isEqualTo(-4);
        assertThat(s.duplicates()).isEqualTo(4);
        assertThat(s.outOfOrder()).isZero();
        assertThat(s.lossPercent()).isZero();
    }

    @Test
    void latePacketIsOutOfOrderNotDuplicate() {
        send(1, 0, 0);
        send(3, 320, 40_000);
        send(2, 160, 41_000);   // late
        send(4, 480, 60_000);
        send(2, 160, 61_000);   // and its duplicate
        assertThat(s.outOfOrder()).isEqualTo(1);
        assertThat(s.duplicates()).isEqualTo(1);
        assertThat(s.sequenceErrors()).isEqualTo(3);
    }

    @Test
    void telephoneEventsAreCountedOncePerEventWithTheirDigits() {
        // RFC 4733: event 1 over three packets (same timestamp), its end sent 3 times, then 5 and #
        int seq = 0;
        long[] starts = {1000, 2000, 3000};
        int[] events = {1, 5, 11};
        for (int e = 0; e < 3; e++) {
            for (int k = 0; k < 5; k++) {
                int payload = events[e] << 24 | (k >= 2 ? 0x80 : 0) << 16 | 0x0a << 16 | 160 * (k + 1);
                s.update(packet(101, k == 0, seq, starts[e], payload), T0 + seq * 20_000_000L, seq, 4, 0, true, true);
                seq++;
            }
        }
        assertThat(s.dtmfCount()).isEqualTo(3);
        assertThat(new String(s.dtmfDigits(), 0, s.dtmfLength())).isEqualTo("15#");
        assertThat(s.jitterKnown()).as("telephone events have no jitter clock").isFalse();
        assertThat(s.mediaPayloadType()).isEqualTo(101);
    }

    @Test
    void encryptedEventsAreNotRead() {
        s.update(packet(101, true, 1, 100, 0x01000000), T0, 1, 4, 0, true, false);
        assertThat(s.dtmfCount()).isZero();
    }

    @Test
    void mediaPayloadTypeSkipsComfortNoiseAndEvents() {
        s.update(packet(13, false, 1, 0, 0), T0, 1, 1, 8000, false, true);
        s.update(packet(8, false, 2, 160, 0), T0 + 20_000_000L, 2, 160, 8000, false, true);
        s.update(packet(101, false, 3, 320, 0x01000000), T0 + 40_000_000L, 3, 4, 0, true, true);
        assertThat(s.mediaPayloadType()).isEqualTo(8);
        assertThat(s.payloadTypeSeen(13)).isTrue();
        assertThat(s.payloadTypeSeen(101)).isTrue();
        assertThat(s.payloadTypeSeen(0)).isFalse();
    }

    @Test
    void rtcpReportsAreKept() {
        s.rtcpReceiverReport(25, -2, 32);
        s.rtcpReceiverReport(0, 3, 40);
        s.rtcpSenderReport(24, 3840);
        s.rtcpGoodbye();
        assertThat(s.rtcpReports()).isEqualTo(2);
        assertThat(s.rtcpFractionLost()).isZero();
        assertThat(s.rtcpCumulativeLost()).isEqualTo(3);
        assertThat(s.rtcpJitterUnits()).isEqualTo(40);
        assertThat(s.rtcpSenderPackets()).isEqualTo(24);
        assertThat(s.rtcpSenderOctets()).isEqualTo(3840);
        assertThat(s.rtcpBye()).isTrue();
        s.reset(1, 1);
        assertThat(s.rtcpReports()).isZero();
        assertThat(s.rtcpBye()).isFalse();
    }

    @Test
    void eModelFollowsG107() {
        // no loss, no jitter: d = 20 ms, Id = 0.48, R = 92.72 (G.711)
        assertThat(EModel.rFactor(0, 0, 0, 25.1)).isCloseTo(92.72, within(1e-9));
        assertThat(EModel.mos(92.72)).isCloseTo(1 + 0.035 * 92.72 + 92.72 * 32.72 * 7.28 * 7e-6, within(1e-9));
        // G.729 at 1 % loss: Ie_eff = 11 + 84 * 1 / (1 + 19) = 15.2
        assertThat(EModel.rFactor(1, 0, EModel.ie("G729"), EModel.bpl("G729"))).isCloseTo(93.2 - 0.48 - 15.2,
                within(1e-9));
        // 100 ms mean jitter: d = 220 ms, Id = 5.28 + 0.11 * 42.7
        assertThat(EModel.rFactor(0, 100, 0, 25.1)).isCloseTo(93.2 - (0.024 * 220 + 0.11 * (220 - 177.3)),
                within(1e-9));
        assertThat(EModel.mos(-5)).isEqualTo(1);
        assertThat(EModel.mos(120)).isEqualTo(4.5);
        assertThat(EModel.rFactor(100, 0, 0, 25.1)).isLessThan(20);
    }

    @Test
    void payloadTypeTables() {
        assertThat(RtpPayloadTypes.staticName(0)).isEqualTo("PCMU");
        assertThat(RtpPayloadTypes.staticName(9)).isEqualTo("G722");
        assertThat(RtpPayloadTypes.staticClockRate(9)).as("G.722's RTP clock, RFC 3551 4.5.2").isEqualTo(8000);
        assertThat(RtpPayloadTypes.staticClockRate(18)).isEqualTo(8000);
        assertThat(RtpPayloadTypes.staticName(96)).isNull();
        assertThat(RtpPayloadTypes.staticClockRate(-1)).isZero();
        assertThat(RtpPayloadTypes.clockRateOf("OPUS")).isEqualTo(48000);
        assertThat(RtpPayloadTypes.clockRateOf("H264")).isEqualTo(90000);
        assertThat(RtpPayloadTypes.clockRateOf("telephone-event")).isEqualTo(8000);
        assertThat(RtpPayloadTypes.clockRateOf("x-unknown")).isZero();
        assertThat(RtpPayloadTypes.telephoneEvent("Telephone-Event")).isTrue();
    }

    /** G.107 (B-4): MOS is 1 for R at or below 0, and the cubic must not dip below 1 just above it. */
    @Test
    void mosNeverFallsBelowOneForVeryPoorCalls() {
        for (double r = -10; r <= 10; r += 0.25) {
            assertThat(EModel.mos(r)).as("R=%s", r).isGreaterThanOrEqualTo(1.0);
        }
        assertThat(EModel.mos(5)).isEqualTo(1.0);
    }
}
