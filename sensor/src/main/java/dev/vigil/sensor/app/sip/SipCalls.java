package dev.vigil.sensor.app.sip;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.protocol.DecodeEventType;
import dev.vigil.protocol.sdp.SdpView;
import dev.vigil.protocol.sip.SipHeaders;
import dev.vigil.protocol.sip.SipMessageView;
import dev.vigil.protocol.sip.SipNameAddr;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.rtp.MediaAnnouncement;
import dev.vigil.sensor.event.EventWriter;
import dev.vigil.sensor.event.TextFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.Consumer;

/**
 * Follows INVITE dialogs (RFC 3261 §12-§15) across the SIP messages one worker decodes and writes
 * one {@code vigil.call} document per call when it ends: BYE, CANCEL, a final error response, a
 * timeout, or the end of the input. It also announces the RTP/RTCP flows that each SDP offer and
 * answer names (RFC 3264), so that the RTP decoder recognises them on any port.
 *
 * <p>A call is keyed by Call-ID and the caller's From tag: the callee's in-dialog requests carry
 * that tag as To tag, and the two legs of a back-to-back user agent (same Call-ID, new From tag)
 * are two calls. A non-2xx final response (401/407 challenges, 3xx redirects, rejections) ends the
 * call only if no new INVITE with a higher CSeq follows within {@link #LINGER_NANOS}, or
 * {@link #CHALLENGE_RETRY_NANOS} after a challenge (RFC 3261 §8.1.3.4, §22.2: the retry keeps
 * Call-ID and From tag). Ended calls linger as long to absorb retransmissions; a document is
 * written when the call ends (BYE) or when its linger expires (CANCEL, rejection).
 *
 * <p>Per worker, single-threaded: a worker follows the calls whose signalling it sees. A call is
 * one record while all its SIP messages reach one worker: always with one worker. With several,
 * packets are sharded by address pair (UDP; TCP too once the worker shards it so), so the legs of a
 * call through a proxy (two address pairs) become one record per leg and worker, and with TCP
 * sharded per connection a call whose requests use a connection each way is split. The RTP
 * announcements reach the RTP decoder only on the same worker as well.
 */
final class SipCalls {
    static final String DATASET = "vigil.call";
    /** Calls followed at once per worker (a bound against INVITE floods). */
    static final int DEFAULT_MAX_CALLS = 4096;
    /** RTP endpoints remembered (and announced) per call. */
    static final int MAX_STREAMS = 8;
    private static final long SECOND = 1_000_000_000L;
    /** A call without a final response or a 2xx ends this long after its last message (RFC 3261 Timer C: 3 min). */
    static final long UNANSWERED_TIMEOUT_NANOS = 180 * SECOND;
    /** An answered call without BYE ends this long after its last message. */
    static final long ESTABLISHED_TIMEOUT_NANOS = 4 * 3600 * SECOND;
    /** How long an ended call is kept: 64*T1 = 32 s (RFC 3261 Timers B, F, H, J). */
    static final long LINGER_NANOS = 32 * SECOND;
    /**
     * After a 401/407 challenge, how long a retry of the INVITE (same Call-ID and From tag, higher
     * CSeq) still continues the same call: a user agent may ask its user for the password.
     */
    static final long CHALLENGE_RETRY_NANOS = UNANSWERED_TIMEOUT_NANOS;
    /** How long an announced media flow is expected to start (ringing may last minutes). */
    static final long MEDIA_EXPECT_NANOS = 300 * SECOND;

    static final DecodeEventType TOO_MANY_CALLS = DecodeEventType.register("sip.too_many_calls",
        "More INVITE dialogs in progress than the call table holds; the new call is not followed (no vigil.call)",
        DecodeEventType.KIND_OVERFLOW);
    static final DecodeEventType TOO_MANY_CALL_STREAMS = DecodeEventType.register("sip.too_many_call_streams",
        "More RTP endpoints announced in one call's SDP than a call keeps; the extra ones are neither logged "
            + "nor announced to the RTP decoder", DecodeEventType.KIND_OVERFLOW);

    private final int maxCalls;
    private final LinkedHashMap<String, SipCall> calls = new LinkedHashMap<>();
    private final SipNameAddr addr = new SipNameAddr();
    private long lastScan;

    SipCalls() {
        this(DEFAULT_MAX_CALLS);
    }

    SipCalls(int maxCalls) {
        if (maxCalls < 1) {
            throw new IllegalArgumentException("maxCalls must be positive");
        }
        this.maxCalls = maxCalls;
    }

    int size() {
        return calls.size();
    }

    /** The endpoints of the packet that carried the message. */
    static final class Endpoints {
        long srcHi;
        long srcLo;
        int srcPort;
        long dstHi;
        long dstLo;
        int dstPort;
        int ipVersion;
    }

    /**
     * One SIP message (already logged). {@code sdp} is its parsed SDP or null; {@code report}
     * counts a decode event against the message's packet.
     */
    void onMessage(AppContext ctx, SipMessageView m, SdpView sdp, String transport, long ts, long frame,
                   Endpoints ep, Consumer<DecodeEventType> report) {
        advance(ctx, ts);
        String callId = m.value(SipHeaders.CALL_ID);
        if (callId == null) {
            return;
        }
        String fromTag = tag(m, SipHeaders.FROM);
        String toTag = tag(m, SipHeaders.TO);
        SipCall c = calls.get(key(callId, fromTag));
        if (c == null && toTag != null) {
            c = calls.get(key(callId, toTag));
        }
        if (m.isRequest()) {
            c = request(ctx, m, c, callId, fromTag, toTag, transport, ts, frame, ep, report);
        } else if (c != null) {
            response(ctx, m, c, fromTag, ts, frame);
        }
        if (c != null) {
            c.lastNanos = Math.max(c.lastNanos, ts);
            c.lastFrame = Math.max(c.lastFrame, frame);
        }
        if (sdp != null && sdp.valid() && media(m)) {
            if (c != null) {
                boolean byCaller = m.isRequest() == c.callerTag.equals(fromTag == null ? "" : fromTag);
                int k = sdp.sessionKeying();
                if (k >= 0) {
                    if (byCaller) {
                        c.callerKeying = k;
                    } else {
                        c.calleeKeying = k;
                    }
                }
            }
            announce(ctx, sdp, callId, c, ts, report);
        }
    }

    /** Messages whose SDP sets up the call's media: INVITE, ACK, UPDATE, PRACK and their responses. */
    private static boolean media(SipMessageView m) {
        return m.cseqMethodIs("INVITE") || m.cseqMethodIs("ACK") || m.cseqMethodIs("UPDATE")
            || m.cseqMethodIs("PRACK") || (m.isRequest() && (m.methodIs("INVITE") || m.methodIs("ACK")));
    }

    private SipCall request(AppContext ctx, SipMessageView m, SipCall c, String callId, String fromTag, String toTag,
                            String transport, long ts, long frame, Endpoints ep, Consumer<DecodeEventType> report) {
        if (m.methodIs("INVITE")) {
            if (toTag != null) {
                return c; // a re-INVITE inside a dialog (or of a call begun before the capture)
            }
            if (c == null) {
                return open(ctx, m, callId, fromTag, transport, ts, frame, ep, report);
            }
            if (c.ended && !c.emitted && !c.answered && m.cseq() > c.inviteCseq) {
                // the retry after a challenge or redirect (RFC 3261 §8.1.3.4, §22.2): the same call goes on
                c.ended = false;
                c.endReason = null;
                c.status = -1;
                c.cancelled = false;
                c.ringing = false;
            }
            if (m.cseq() > c.inviteCseq) {
                c.inviteCseq = m.cseq();
            }
            return c;
        }
        if (c == null) {
            return null;
        }
        if (m.methodIs("BYE")) {
            if (!c.ended) {
                c.endedBy = c.callerTag.equals(fromTag == null ? "" : fromTag) ? "caller" : "callee";
                end(c, "bye", ts, frame);
                c.lastNanos = ts;
                c.lastFrame = frame;
                emit(ctx, c);
            }
        } else if (m.methodIs("CANCEL")) {
            if (!c.ended && !c.answered) {
                // the final response (487) normally follows; without it the call ends here after the linger
                c.cancelled = true;
                end(c, "cancel", ts, frame);
            }
        }
        return c;
    }

    private void response(AppContext ctx, SipMessageView m, SipCall c, String fromTag, long ts, long frame) {
        if (!m.cseqMethodIs("INVITE")) {
            return;
        }
        int code = m.status();
        boolean initial = !c.answered && c.callerTag.equals(fromTag == null ? "" : fromTag);
        if (!initial || c.emitted) {
            return; // responses to re-INVITEs, late retransmissions
        }
        if (code >= 180 && code < 190 && !c.ended) {
            c.ringing = true;
        } else if (code >= 200 && code < 300) {
            c.answered = true;
            c.answerNanos = ts;
            c.status = code;
            c.ended = false; // a 2xx that crossed a CANCEL (RFC 3261 §9.1): the call is up
            c.endReason = null;
        } else if (code >= 300 && (!c.ended || c.status < 0)) {
            c.status = code;
            boolean cancel = c.cancelled || code == 487; // 487 Request Terminated answers a CANCEL
            end(c, cancel ? "cancel" : "rejected", ts, frame);
            if (code == 401 || code == 407) {
                c.closeAt = ts + CHALLENGE_RETRY_NANOS; // credentials may have to be typed in
            }
        }
    }

    private SipCall open(AppContext ctx, SipMessageView m, String callId, String fromTag, String transport, long ts,
                         long frame, Endpoints ep, Consumer<DecodeEventType> report) {
        if (calls.size() >= maxCalls && !makeRoom(ctx)) {
            report.accept(TOO_MANY_CALLS);
            return null;
        }
        String tag = fromTag == null ? "" : fromTag;
        SipCall c = new SipCall(callId, tag, key(callId, fromTag), MAX_STREAMS);
        c.startNanos = ts;
        c.startFrame = frame;
        c.lastNanos = ts;
        c.lastFrame = frame;
        c.inviteCseq = m.cseq();
        c.transport = transport;
        c.callerHi = ep.srcHi;
        c.callerLo = ep.srcLo;
        c.callerPort = ep.srcPort;
        c.calleeHi = ep.dstHi;
        c.calleeLo = ep.dstLo;
        c.calleePort = ep.dstPort;
        c.ipVersion = ep.ipVersion;
        if (nameAddr(m, SipHeaders.FROM)) {
            c.callerUri = addr.uriString();
            c.callerUser = addr.uri().user();
            c.callerHost = addr.uri().host();
        }
        if (nameAddr(m, SipHeaders.TO)) {
            c.calleeUri = addr.uriString();
            c.calleeUser = addr.uri().user();
            c.calleeHost = addr.uri().host();
        }
        calls.put(c.key, c);
        return c;
    }

    /** A full table first gives up its oldest ended call (emitting it if still pending). */
    private boolean makeRoom(AppContext ctx) {
        for (Iterator<SipCall> it = calls.values().iterator(); it.hasNext(); ) {
            SipCall c = it.next();
            if (c.ended) {
                if (!c.emitted) {
                    emit(ctx, c);
                }
                it.remove();
                return true;
            }
        }
        return false;
    }

    private static void end(SipCall c, String reason, long ts, long frame) {
        c.ended = true;
        c.endReason = reason;
        c.endNanos = ts;
        c.endFrame = frame;
        c.closeAt = ts + LINGER_NANOS;
    }

    // ---------------------------------------------------------------- time

    /** Timers on packet time: pending ends, timeouts, lingering entries. At most once per second. */
    void advance(AppContext ctx, long now) {
        if (now - lastScan < SECOND || calls.isEmpty()) {
            return; // (no iterator is made when there is nothing to scan: the idle path allocates nothing)
        }
        lastScan = now;
        for (Iterator<SipCall> it = calls.values().iterator(); it.hasNext(); ) {
            SipCall c = it.next();
            if (c.ended) {
                if (now >= c.closeAt) {
                    if (!c.emitted) {
                        emit(ctx, c);
                    }
                    it.remove();
                }
                continue;
            }
            long timeout = c.answered ? ESTABLISHED_TIMEOUT_NANOS : UNANSWERED_TIMEOUT_NANOS;
            if (now - c.lastNanos >= timeout) {
                // what is known: the call was last heard of at its last message
                end(c, "timeout", c.lastNanos, c.lastFrame);
                emit(ctx, c);
                it.remove();
            }
        }
    }

    /** End of input: every call still open ends ("eof" at its last message), pending ones are written. */
    void flush(AppContext ctx) {
        for (SipCall c : calls.values()) {
            if (!c.ended) {
                end(c, "eof", c.lastNanos, c.lastFrame);
            }
            if (!c.emitted) {
                emit(ctx, c);
            }
        }
        calls.clear();
        lastScan = 0;
    }

    // ---------------------------------------------------------------- media

    /**
     * Announces each RTP stream of the SDP (UDP profiles, a port, an address literal) to the RTP
     * decoder: its RTP port and, unless {@code a=rtcp-mux}, its RTCP port ({@code a=rtcp}, else RTP
     * port + 1, RFC 3550 §11). A call remembers what it announced, so retransmissions and
     * re-INVITEs repeating the same media announce nothing new.
     */
    private void announce(AppContext ctx, SdpView sdp, String callId, SipCall c, long ts,
                          Consumer<DecodeEventType> report) {
        AppDecoder rtp = null;
        boolean looked = false;
        for (int i = 0; i < sdp.mediaCount(); i++) {
            int kind = sdp.connectionKind(i);
            int port = sdp.port(i);
            if (!sdp.rtp(i) || sdp.tcp(i) || port <= 0 || (kind != SdpView.ADDR_IP4 && kind != SdpView.ADDR_IP6)
                || sdp.unspecified(i)) {
                continue;
            }
            long hi = sdp.connectionHi(i);
            long lo = sdp.connectionLo(i);
            if (c != null) {
                if (c.hasStream(hi, lo, port)) {
                    continue;
                }
                if (c.streamCount == c.streamPort.length) {
                    if (!c.streamsFullReported) {
                        c.streamsFullReported = true;
                        report.accept(TOO_MANY_CALL_STREAMS);
                    }
                    continue;
                }
                c.streamHi[c.streamCount] = hi;
                c.streamLo[c.streamCount] = lo;
                c.streamPort[c.streamCount++] = port;
            }
            if (!looked) {
                rtp = ctx.decoder("rtp");
                looked = true;
            }
            if (rtp == null) {
                continue;
            }
            MediaAnnouncement a = announcement(sdp, i, callId);
            long until = ts + MEDIA_EXPECT_NANOS;
            ctx.expect(rtp, 17, 0L, 0L, hi, lo, port, until, a);
            if (!sdp.rtcpMux(i)) {
                int rtcp = sdp.rtcpPort(i) > 0 ? sdp.rtcpPort(i) : port + 1;
                if (rtcp <= 65535 && rtcp != port) {
                    ctx.expect(rtp, 17, 0L, 0L, hi, lo, rtcp, until, a);
                }
            }
        }
    }

    static MediaAnnouncement announcement(SdpView sdp, int i, String callId) {
        int n = sdp.formatCount(i);
        int[] pts = new int[n];
        String[] names = new String[n];
        int[] rates = new int[n];
        for (int k = 0; k < n; k++) {
            pts[k] = sdp.payloadType(i, k);
            names[k] = sdp.rtpmapName(i, k);
            rates[k] = sdp.clockRate(i, k);
        }
        return new MediaAnnouncement(callId, sdp.srtp(i), SdpView.keyingName(sdp.keying(i)), pts, names, rates);
    }

    // ---------------------------------------------------------------- output

    private void emit(AppContext ctx, SipCall c) {
        c.emitted = true;
        String id = ctx.eventId(DATASET, c.startFrame, 0, c.key);
        long end = Math.max(c.endNanos, c.startNanos);
        EventWriter w = ctx.writer();
        // the writer's begin with start and end: event.start, event.end, event.duration = end - start
        w.begin(DATASET, false, end, c.endFrame, id, c.startNanos, end);
        try {
            write(w, c, end);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.emit(DATASET, id, end);
    }

    private static void write(EventWriter w, SipCall c, long end) throws IOException {
        JsonGenerator g = w.json();
        w.endpoint("source", c.callerHi, c.callerLo, c.callerPort, false, 0);
        w.endpoint("destination", c.calleeHi, c.calleeLo, c.calleePort, false, 0);
        g.writeObjectFieldStart("network");
        g.writeStringField("transport", c.transport);
        g.writeStringField("type", c.ipVersion == 6 ? "ipv6" : "ipv4");
        g.writeStringField("protocol", "sip");
        g.writeEndObject();
        g.writeObjectFieldStart("call");
        g.writeStringField("id", c.callId);
        party(w, g, "caller", c.callerUri, c.callerUser, c.callerHost, c.callerHi, c.callerLo);
        party(w, g, "callee", c.calleeUri, c.calleeUser, c.calleeHost, c.calleeHi, c.calleeLo);
        g.writeStringField("state", c.state());
        if (c.status > 0) {
            g.writeNumberField("status_code", c.status);
        }
        g.writeStringField("end_reason", c.endReason);
        if (c.endedBy != null) {
            g.writeStringField("ended_by", c.endedBy);
        }
        if (c.answered) {
            w.timestampField("answer_time", c.answerNanos);
            g.writeNumberField("setup_ms", Math.max(0, c.answerNanos - c.startNanos) / 1_000_000L);
            g.writeNumberField("talk_ms", Math.max(0, end - c.answerNanos) / 1_000_000L);
        }
        g.writeStringField("transport", c.transport);
        int k = c.mediaKeying();
        if (k >= 0) {
            g.writeStringField("media_encryption", SdpView.keyingName(k));
        }
        if (c.streamCount > 0) {
            g.writeArrayFieldStart("rtp_streams");
            for (int i = 0; i < c.streamCount; i++) {
                boolean v4 = c.streamHi[i] == 0 && (c.streamLo[i] >>> 32) == 0xFFFFL;
                String ip = TextFormat.ipString(c.streamHi[i], c.streamLo[i]);
                g.writeString((v4 ? ip : "[" + ip + "]") + ":" + c.streamPort[i]);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void party(EventWriter w, JsonGenerator g, String name, String uri, String user, String host,
                              long hi, long lo) throws IOException {
        g.writeObjectFieldStart(name);
        if (uri != null) {
            g.writeStringField("uri", uri);
        }
        if (user != null) {
            g.writeStringField("user", user);
        }
        if (host != null) {
            g.writeStringField("host", host);
        }
        w.ipField("ip", hi, lo);
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- helpers

    private static String key(String callId, String tag) {
        return tag == null ? callId + '\n' : callId + '\n' + tag;
    }

    private String tag(SipMessageView m, int id) {
        return nameAddr(m, id) ? addr.tag() : null;
    }

    private boolean nameAddr(SipMessageView m, int id) {
        int h = m.header(id);
        if (h < 0) {
            return false;
        }
        int s = m.valueOffset(h);
        return addr.wrap(m.buffer(), s, s + m.valueLength(h));
    }
}
