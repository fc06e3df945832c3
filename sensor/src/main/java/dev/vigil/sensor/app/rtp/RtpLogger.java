package dev.vigil.sensor.app.rtp;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.rtp.EModel;
import dev.vigil.protocol.rtp.RtpPayloadTypes;
import dev.vigil.protocol.rtp.RtpStreamStats;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.event.EventWriter;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes {@code vigil.rtp} documents: one summary per stream when its flow ends, and interim
 * summaries of long streams ({@code event.type: ["info"]}, {@code rtp.interim: true}) with the
 * counts so far. {@code event.start}/{@code event.end} are the stream's first and last packet,
 * {@code event.sequence} its first frame, and source/destination are the stream's sender and
 * receiver. Values in ms are rounded to the microsecond. The R-factor and MOS are written for
 * streams with a jitter figure and an audio clock (below 90 kHz).
 */
final class RtpLogger {
    static final String DATASET = "vigil.rtp";
    static final String TELEPHONE_EVENT = "telephone-event";
    /** The RTP clock of video payloads (RFC 3551 section 5). */
    static final int VIDEO_CLOCK = 90_000;

    private final char[] digits = new char[RtpStreamStats.MAX_DTMF_DIGITS];

    void write(AppContext ctx, RtpState state, RtpStream s, boolean interim, long nowNanos, boolean dtmfDigits) {
        RtpStreamStats st = s.stats;
        String id = ctx.eventId(DATASET, st.firstFrame(), st.ssrc(), interim ? "interim-" + s.interims : null);
        long ts = interim ? nowNanos : st.lastNanos();
        EventWriter w = ctx.writer();
        w.begin(DATASET, false, ts, st.firstFrame(), id, Math.max(1, st.firstNanos()), st.lastNanos(),
                null, interim ? "info" : null, 0);
        ctx.writeFlowEndpoints(s.flow, st.direction());
        try {
            JsonGenerator g = w.json();
            g.writeObjectFieldStart("rtp");
            g.writeNumberField("ssrc", st.ssrc());
            int pt = st.mediaPayloadType();
            g.writeNumberField("payload_type", pt);
            g.writeArrayFieldStart("payload_types");
            for (int p = 0; p < 128; p++) {
                if (st.payloadTypeSeen(p)) {
                    g.writeNumber(p);
                }
            }
            g.writeEndArray();
            String codec = codec(state.announcement, pt);
            if (codec == null && pt == RtpApp.DEFAULT_EVENT_PT && st.dtmfCount() > 0) {
                codec = TELEPHONE_EVENT;
            }
            if (codec != null) {
                g.writeStringField("codec", codec);
            }
            if (st.mediaClockRate() > 0) {
                g.writeNumberField("clock_rate", st.mediaClockRate());
            }
            g.writeNumberField("packets", st.packets());
            g.writeNumberField("bytes", st.bytes());
            g.writeNumberField("expected", st.expected());
            g.writeNumberField("lost", st.lost());
            g.writeNumberField("duplicates", st.duplicates());
            g.writeNumberField("out_of_order", st.outOfOrder());
            g.writeNumberField("seq_wraps", st.sequenceWraps());
            if (st.jitterKnown()) {
                g.writeObjectFieldStart("jitter");
                g.writeNumberField("mean_ms", micro(st.meanJitterMs()));
                g.writeNumberField("max_ms", micro(st.maxJitterMs()));
                g.writeEndObject();
                if (st.mediaClockRate() < VIDEO_CLOCK) {
                    // the E-model rates speech: no score for video (90 kHz clock)
                    double r = st.rFactor(codec);
                    g.writeNumberField("r_factor", Math.round(r * 10) / 10.0);
                    g.writeNumberField("mos", Math.round(EModel.mos(r) * 100) / 100.0);
                }
            }
            g.writeNumberField("max_delta_ms", micro(st.maxDeltaMs()));
            if (st.dtmfCount() > 0) {
                g.writeObjectFieldStart("dtmf");
                g.writeNumberField("count", st.dtmfCount());
                if (dtmfDigits && st.dtmfLength() > 0) {
                    System.arraycopy(st.dtmfDigits(), 0, digits, 0, st.dtmfLength());
                    g.writeFieldName("digits");
                    g.writeString(digits, 0, st.dtmfLength());
                }
                g.writeEndObject();
            }
            if (state.announcement != null) {
                g.writeBooleanField("srtp", state.srtp);
                if (state.announcement.callId != null) {
                    g.writeStringField("call_id", state.announcement.callId);
                }
            }
            g.writeStringField("recognized_by", RtpState.originName(state.origin));
            g.writeBooleanField("interim", interim);
            g.writeBooleanField("multicast", state.multicast);
            if (st.rtcpReports() > 0 || st.rtcpSenderReport() || s.cname != null || st.rtcpBye()) {
                g.writeObjectFieldStart("rtcp");
                if (st.rtcpReports() > 0) {
                    g.writeNumberField("reports", st.rtcpReports());
                    g.writeNumberField("fraction_lost", Math.round(st.rtcpFractionLost() / 256.0 * 10000) / 10000.0);
                    g.writeNumberField("cumulative_lost", st.rtcpCumulativeLost());
                    int clock = st.mediaClockRate();
                    if (clock > 0) {
                        g.writeNumberField("jitter_ms", micro(st.rtcpJitterUnits() * 1000.0 / clock));
                    }
                }
                if (st.rtcpSenderReport()) {
                    g.writeNumberField("sender_packets", st.rtcpSenderPackets());
                    g.writeNumberField("sender_octets", st.rtcpSenderOctets());
                }
                if (s.cname != null) {
                    g.writeStringField("cname", s.cname);
                }
                if (st.rtcpBye()) {
                    g.writeBooleanField("bye", true);
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.emit(DATASET, id, ts);
    }

    /** The codec of a payload type: the static name (RFC 3551), else the announced rtpmap name. */
    static String codec(MediaAnnouncement a, int pt) {
        String name = pt < RtpPayloadTypes.FIRST_DYNAMIC ? RtpPayloadTypes.staticName(pt) : null;
        if (name == null && a != null) {
            name = a.codecName(pt);
        }
        return name;
    }

    private static double micro(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
