package dev.vigil.sensor.app.sip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.protocol.sdp.SdpParser;
import dev.vigil.protocol.sip.SipParser;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.PortClaims;
import dev.vigil.sensor.app.rtp.MediaAnnouncement;
import dev.vigil.sensor.event.TextFormat;
import dev.vigil.sensor.pipeline.PacketSlot;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls ({@code vigil.call}), the SDP summary of {@code vigil.sip} and the RTP announcements on
 * hand-made captures: one test per way a call ends, per cap, per field group.
 */
class SipCallTest {
    @TempDir
    Path dir;

    static final String A = "10.0.0.50";
    static final String B = "10.0.0.102";
    static final String FROM = "\"Door 1\" <sip:door1@10.0.0.50>;tag=a1";
    static final String TO = "<sip:201@10.0.0.102>";
    static final String TO_TAGGED = "<sip:201@10.0.0.102>;tag=b2";
    /** RFC 4568 §4 key, which must never be written. */
    static final String KEY = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

    static String sdp(String ip, int port, String profile, String... attributes) {
        StringBuilder s = new StringBuilder("v=0\r\no=- 20518 0 IN IP4 " + ip + "\r\ns=-\r\nc=IN IP4 " + ip
            + "\r\nt=0 0\r\nm=audio " + port + " " + profile + " 0 8 101\r\n");
        for (String a : attributes) {
            s.append(a).append("\r\n");
        }
        return s.append("a=rtpmap:101 telephone-event/8000\r\n").toString();
    }

    static String msg(String startLine, String callId, int cseq, String method, String from, String to, String body) {
        StringBuilder m = new StringBuilder(startLine).append("\r\n")
            .append("Via: SIP/2.0/UDP 10.0.0.50:5060;branch=z9hG4bK").append(cseq).append(method).append("\r\n")
            .append("From: ").append(from).append("\r\nTo: ").append(to).append("\r\nCall-ID: ").append(callId)
            .append("\r\nCSeq: ").append(cseq).append(' ').append(method).append("\r\n");
        if (body != null) {
            m.append("Content-Type: application/sdp\r\n");
        }
        m.append("Content-Length: ").append(body == null ? 0 : body.length()).append("\r\n\r\n");
        return body == null ? m.toString() : m.append(body).toString();
    }

    static String invite(String callId, int cseq, String body) {
        return msg("INVITE sip:201@10.0.0.102 SIP/2.0", callId, cseq, "INVITE", FROM, TO, body);
    }

    static String response(int code, String reason, String callId, int cseq, String method, String to, String body) {
        return msg("SIP/2.0 " + code + " " + reason, callId, cseq, method, FROM, to, body);
    }

    static String caller(String method, String callId, int cseq) {
        return msg(method + " sip:201@10.0.0.102 SIP/2.0", callId, cseq, method, FROM,
            method.equals("CANCEL") ? TO : TO_TAGGED, null);
    }

    /** A request of the callee inside the dialog: From and To swap (RFC 3261 §12.2.1.1). */
    static String callee(String method, String callId, int cseq) {
        return msg(method + " sip:door1@10.0.0.50 SIP/2.0", callId, cseq, method, TO_TAGGED, FROM, null);
    }

    private Analyze.Run run(Path pcap, Supplier<AppDecoder> app) {
        Analyze.Run r = Analyze.files(new AppRegistry().register(app), pcap);
        assertThat(r.result().errors()).isEmpty();
        r.output().docs().forEach(d -> assertThat(EventSchema.validate(d)).as("%s", d).isEmpty());
        return r;
    }

    private Analyze.Run run(Path pcap) {
        return run(pcap, SipApp::new);
    }

    private static List<String> decodeKeys(Analyze.Run r) {
        return r.output().dataset("vigil.decode").stream().map(d -> d.path("decode").path("key").asText()).toList();
    }

    private static long nanos(JsonNode iso) {
        Instant i = Instant.parse(iso.asText());
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /** A whole call: SDES offer and answer, ringing, answer, BYE from the callee. */
    @Test
    void answeredCallEndedByCallee() {
        CallCapture c = new CallCapture();
        String cid = "call-1@10.0.0.50";
        String crypto = "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY + "|2^20|1:32";
        c.udp(A, 5060, B, 5060, invite(cid, 1, sdp(A, 4000, "RTP/SAVP", crypto)));                   // 1
        long invite = c.nanos();
        c.udp(B, 5060, A, 5060, response(100, "Trying", cid, 1, "INVITE", TO, null));                // 2
        c.after(0.5).udp(B, 5060, A, 5060, response(180, "Ringing", cid, 1, "INVITE", TO_TAGGED, null)); // 3
        c.after(2.25).udp(B, 5060, A, 5060, response(200, "OK", cid, 1, "INVITE", TO_TAGGED,
            sdp(B, 5000, "RTP/SAVP", crypto)));                                                      // 4
        long answer = c.nanos();
        c.udp(A, 5060, B, 5060, caller("ACK", cid, 1));                                              // 5
        c.after(30).udp(B, 5060, A, 5060, callee("BYE", cid, 7));                                    // 6
        long bye = c.nanos();
        c.udp(A, 5060, B, 5060, msg("SIP/2.0 200 OK", cid, 7, "BYE", TO_TAGGED, FROM, null));        // 7
        Analyze.Run r = run(c.write(dir, "call.pcap"));
        assertThat(decodeKeys(r)).isEmpty();
        List<JsonNode> calls = r.output().dataset(SipCalls.DATASET);
        assertThat(calls).hasSize(1);
        JsonNode d = calls.get(0);
        JsonNode k = d.path("call");
        assertThat(k.path("id").asText()).isEqualTo(cid);
        assertThat(k.path("caller").path("uri").asText()).isEqualTo("sip:door1@10.0.0.50");
        assertThat(k.path("caller").path("user").asText()).isEqualTo("door1");
        assertThat(k.path("caller").path("host").asText()).isEqualTo("10.0.0.50");
        assertThat(k.path("caller").path("ip").asText()).isEqualTo(A);
        assertThat(k.path("callee").path("uri").asText()).isEqualTo("sip:201@10.0.0.102");
        assertThat(k.path("callee").path("user").asText()).isEqualTo("201");
        assertThat(k.path("callee").path("ip").asText()).isEqualTo(B);
        assertThat(nanos(d.path("event").path("start"))).isEqualTo(invite);
        assertThat(nanos(d.path("event").path("end"))).isEqualTo(bye);
        assertThat(d.path("event").path("duration").asLong()).isEqualTo(bye - invite);
        assertThat(d.path("event").path("sequence").asLong()).isEqualTo(6);
        assertThat(nanos(d.path("@timestamp"))).isEqualTo(bye);
        assertThat(nanos(k.path("answer_time"))).isEqualTo(answer);
        assertThat(k.path("setup_ms").asLong()).isEqualTo((answer - invite) / 1_000_000);
        assertThat(k.path("talk_ms").asLong()).isEqualTo((bye - answer) / 1_000_000);
        assertThat(k.path("state").asText()).isEqualTo("answered");
        assertThat(k.path("status_code").asInt()).isEqualTo(200);
        assertThat(k.path("end_reason").asText()).isEqualTo("bye");
        assertThat(k.path("ended_by").asText()).isEqualTo("callee");
        assertThat(k.path("transport").asText()).isEqualTo("udp");
        assertThat(k.path("media_encryption").asText()).isEqualTo("sdes");
        assertThat(k.path("rtp_streams")).extracting(JsonNode::asText).containsExactly(A + ":4000", B + ":5000");
        assertThat(d.path("source").path("ip").asText()).isEqualTo(A);
        assertThat(d.path("destination").path("port").asInt()).isEqualTo(5060);
        assertThat(d.path("network").path("transport").asText()).isEqualTo("udp");

        JsonNode inviteDoc = r.output().dataset(SipApp.DATASET).get(0).path("sip").path("sdp");
        assertThat(inviteDoc.path("present").asBoolean()).isTrue();
        assertThat(inviteDoc.path("connection").asText()).isEqualTo(A);
        assertThat(inviteDoc.path("origin").path("username").asText()).isEqualTo("-");
        assertThat(inviteDoc.path("origin").path("session_id").asText()).isEqualTo("20518");
        assertThat(inviteDoc.path("origin").path("address").asText()).isEqualTo(A);
        assertThat(inviteDoc.path("crypto").asText()).isEqualTo("sdes");
        assertThat(inviteDoc.path("sdes_keys_present").asBoolean()).isTrue();
        JsonNode m = inviteDoc.path("media").get(0);
        assertThat(m.path("type").asText()).isEqualTo("audio");
        assertThat(m.path("port").asInt()).isEqualTo(4000);
        assertThat(m.path("profile").asText()).isEqualTo("RTP/SAVP");
        assertThat(m.path("payload_types")).extracting(JsonNode::asInt).containsExactly(0, 8, 101);
        assertThat(m.path("codecs")).extracting(JsonNode::asText).containsExactly("PCMU", "PCMA", "telephone-event");
        assertThat(m.path("crypto_suites")).extracting(JsonNode::asText).containsExactly("AES_CM_128_HMAC_SHA1_80");
        assertThat(m.path("encrypted").asBoolean()).isTrue();
        assertThat(m.path("direction").asText()).isEqualTo("sendrecv");
        r.output().docs().forEach(x -> assertThat(x.toString()).doesNotContain(KEY).doesNotContain("inline:"));
    }

    /** CANCEL while ringing, then 487: ended by cancel at the 487, never answered. */
    @Test
    void cancelledWhileRinging() {
        CallCapture c = new CallCapture();
        String cid = "call-2";
        c.udp(A, 5060, B, 5060, invite(cid, 1, sdp(A, 4000, "RTP/AVP")));
        c.udp(B, 5060, A, 5060, response(180, "Ringing", cid, 1, "INVITE", TO_TAGGED, null));
        c.after(5).udp(A, 5060, B, 5060, caller("CANCEL", cid, 1));
        c.udp(B, 5060, A, 5060, response(200, "OK", cid, 1, "CANCEL", TO_TAGGED, null));
        c.udp(B, 5060, A, 5060, response(487, "Request Terminated", cid, 1, "INVITE", TO_TAGGED, null)); // 5
        long terminated = c.nanos();
        c.udp(A, 5060, B, 5060, caller("ACK", cid, 1));
        JsonNode k = single(run(c.write(dir, "cancel.pcap")));
        assertThat(k.path("call").path("end_reason").asText()).isEqualTo("cancel");
        assertThat(k.path("call").path("status_code").asInt()).isEqualTo(487);
        assertThat(k.path("call").path("state").asText()).isEqualTo("ringing");
        assertThat(k.path("call").has("answer_time")).isFalse();
        assertThat(k.path("call").has("setup_ms")).isFalse();
        assertThat(k.path("call").has("talk_ms")).isFalse();
        assertThat(k.path("call").has("ended_by")).isFalse();
        assertThat(nanos(k.path("event").path("end"))).isEqualTo(terminated);
        assertThat(k.path("event").path("sequence").asLong()).isEqualTo(5);
        assertThat(k.path("call").path("media_encryption").asText()).isEqualTo("none");
    }

    /** A final error response: rejected (486 Busy Here), written after the linger or at end of input. */
    @Test
    void rejectedBusy() {
        CallCapture c = new CallCapture();
        c.udp(A, 5060, B, 5060, invite("call-3", 1, null));
        c.udp(B, 5060, A, 5060, response(486, "Busy Here", "call-3", 1, "INVITE", TO_TAGGED, null));
        long busy = c.nanos();
        c.udp(A, 5060, B, 5060, caller("ACK", "call-3", 1));
        c.after(40).udp(A, 5060, B, 5060, msg("OPTIONS sip:201@10.0.0.102 SIP/2.0", "other", 1, "OPTIONS", FROM, TO,
            null));
        Analyze.Run r = run(c.write(dir, "busy.pcap"));
        JsonNode k = single(r);
        assertThat(k.path("call").path("end_reason").asText()).isEqualTo("rejected");
        assertThat(k.path("call").path("status_code").asInt()).isEqualTo(486);
        assertThat(k.path("call").path("state").asText()).isEqualTo("trying");
        assertThat(nanos(k.path("event").path("end"))).isEqualTo(busy);
        assertThat(k.path("call").has("media_encryption")).isFalse(); // no SDP at all
        assertThat(k.path("call").has("rtp_streams")).isFalse();
    }

    /** 407 then the INVITE again with credentials (CSeq 2): one call, answered (RFC 3261 §22.2). */
    @Test
    void challengeThenRetryIsOneCall() {
        CallCapture c = new CallCapture();
        String cid = "call-4";
        c.udp(A, 5060, B, 5060, invite(cid, 1, sdp(A, 4000, "RTP/AVP")));
        long first = c.nanos();
        c.udp(B, 5060, A, 5060, response(407, "Proxy Authentication Required", cid, 1, "INVITE", TO_TAGGED, null));
        c.udp(A, 5060, B, 5060, caller("ACK", cid, 1));
        c.after(20).udp(A, 5060, B, 5060, invite(cid, 2, sdp(A, 4000, "RTP/AVP")));
        c.udp(B, 5060, A, 5060, response(200, "OK", cid, 2, "INVITE", TO_TAGGED, sdp(B, 5000, "RTP/AVP")));
        c.udp(A, 5060, B, 5060, caller("ACK", cid, 2));
        c.after(10).udp(A, 5060, B, 5060, caller("BYE", cid, 3));
        JsonNode k = single(run(c.write(dir, "challenge.pcap")));
        assertThat(nanos(k.path("event").path("start"))).isEqualTo(first);
        assertThat(k.path("call").path("status_code").asInt()).isEqualTo(200);
        assertThat(k.path("call").path("end_reason").asText()).isEqualTo("bye");
        assertThat(k.path("call").path("ended_by").asText()).isEqualTo("caller");
        assertThat(k.path("call").path("rtp_streams")).extracting(JsonNode::asText)
            .containsExactly(A + ":4000", B + ":5000"); // the repeated offer is not listed twice
    }

    /** No final response for 3 minutes: timeout, ended at the last message heard. */
    @Test
    void unansweredTimeout() {
        CallCapture c = new CallCapture();
        c.udp(A, 5060, B, 5060, invite("call-5", 1, null));
        c.udp(B, 5060, A, 5060, response(180, "Ringing", "call-5", 1, "INVITE", TO_TAGGED, null));
        long ringing = c.nanos();
        c.after(SipCalls.UNANSWERED_TIMEOUT_NANOS / 1e9 + 2).udp(A, 5060, B, 5060,
            msg("OPTIONS sip:201@10.0.0.102 SIP/2.0", "other", 1, "OPTIONS", FROM, TO, null));
        JsonNode k = single(run(c.write(dir, "timeout.pcap")));
        assertThat(k.path("call").path("end_reason").asText()).isEqualTo("timeout");
        assertThat(k.path("call").path("state").asText()).isEqualTo("ringing");
        assertThat(k.path("call").has("status_code")).isFalse();
        assertThat(nanos(k.path("event").path("end"))).isEqualTo(ringing);
    }

    /** Answered, no BYE for 4 hours: timeout. */
    @Test
    void establishedTimeout() {
        CallCapture c = new CallCapture();
        c.udp(A, 5060, B, 5060, invite("call-6", 1, null));
        c.udp(B, 5060, A, 5060, response(200, "OK", "call-6", 1, "INVITE", TO_TAGGED, null));
        c.udp(A, 5060, B, 5060, caller("ACK", "call-6", 1));
        c.after(SipCalls.UNANSWERED_TIMEOUT_NANOS / 1e9 + 2).udp(A, 5060, B, 5060,
            msg("OPTIONS sip:201@10.0.0.102 SIP/2.0", "other", 1, "OPTIONS", FROM, TO, null));
        c.after(SipCalls.ESTABLISHED_TIMEOUT_NANOS / 1e9).udp(A, 5060, B, 5060,
            msg("OPTIONS sip:201@10.0.0.102 SIP/2.0", "other", 2, "OPTIONS", FROM, TO, null));
        JsonNode k = single(run(c.write(dir, "long.pcap")));
        assertThat(k.path("call").path("end_reason").asText()).isEqualTo("timeout");
        assertThat(k.path("call").path("state").asText()).isEqualTo("answered");
        assertThat(k.path("event").path("sequence").asLong()).isEqualTo(3); // the ACK, last heard of
    }

    /** Still up when the capture ends: eof. */
    @Test
    void endOfInput() {
        CallCapture c = new CallCapture();
        c.udp(A, 5060, B, 5060, invite("call-7", 1, null));
        c.udp(B, 5060, A, 5060, response(200, "OK", "call-7", 1, "INVITE", TO_TAGGED, null));
        c.udp(A, 5060, B, 5060, caller("ACK", "call-7", 1));
        JsonNode k = single(run(c.write(dir, "eof.pcap")));
        assertThat(k.path("call").path("end_reason").asText()).isEqualTo("eof");
        assertThat(k.path("call").path("talk_ms").asLong()).isEqualTo(1); // answer to ACK, the last message
        assertThat(k.path("event").path("sequence").asLong()).isEqualTo(3);
    }

    /** sip.too_many_calls: the table holds one call; the second INVITE is counted, not followed. */
    @Test
    void tooManyCalls() {
        CallCapture c = new CallCapture();
        c.udp(A, 5060, B, 5060, invite("call-8", 1, null));
        c.udp(A, 5060, B, 5060, invite("call-9", 1, null));
        Analyze.Run r = run(c.write(dir, "many.pcap"), () -> new SipApp(new SipParser(), new SdpParser(), 1));
        assertThat(r.output().dataset(SipCalls.DATASET)).extracting(d -> d.path("call").path("id").asText())
            .containsExactly("call-8");
        assertThat(decodeKeys(r)).containsExactly("sip.too_many_calls");
    }

    /** sip.too_many_call_streams: nine audio lines, eight endpoints kept. */
    @Test
    void tooManyCallStreams() {
        StringBuilder body = new StringBuilder("v=0\r\no=- 1 1 IN IP4 10.0.0.50\r\ns=-\r\nc=IN IP4 10.0.0.50\r\nt=0 0\r\n");
        for (int i = 0; i < 9; i++) {
            body.append("m=audio ").append(4000 + 2 * i).append(" RTP/AVP 0\r\n");
        }
        CallCapture c = new CallCapture();
        c.udp(A, 5060, B, 5060, invite("call-10", 1, body.toString()));
        Analyze.Run r = run(c.write(dir, "streams.pcap"),
            () -> new SipApp(new SipParser(), new SdpParser(256, 16, 32, 4), 16));
        assertThat(decodeKeys(r)).containsExactly("sip.too_many_call_streams");
        assertThat(single(r).path("call").path("rtp_streams")).hasSize(SipCalls.MAX_STREAMS);
    }

    /** SDP decode events reach vigil.decode through the app; the message is still logged. */
    @Test
    void sdpDecodeEventsThroughTheApp() {
        CallCapture c = new CallCapture();
        c.udp(A, 5060, B, 5060, invite("call-11", 1, "v=0\r\nc=IN IP4 10.0.0.300\r\nm=audio 4000 RTP/AVP 0\r\n"));
        Analyze.Run r = run(c.write(dir, "bad.pcap"));
        assertThat(decodeKeys(r)).containsExactly("sdp.invalid_connection");
        JsonNode sdp = r.output().dataset(SipApp.DATASET).get(0).path("sip").path("sdp");
        assertThat(sdp.path("present").asBoolean()).isTrue();
        assertThat(sdp.has("connection")).isFalse();
        assertThat(sdp.path("media").get(0).path("port").asInt()).isEqualTo(4000);
    }

    /** SDP in a multipart body (RFC 5621) is found and summarised. */
    @Test
    void multipartBody() {
        String sdp = sdp(A, 4000, "RTP/AVP");
        String body = "--b1\r\nContent-Type: application/sdp\r\n\r\n" + sdp + "\r\n--b1\r\n"
            + "Content-Type: application/resource-lists+xml\r\n\r\n<list/>\r\n--b1--\r\n";
        String m = "INVITE sip:201@10.0.0.102 SIP/2.0\r\nFrom: " + FROM + "\r\nTo: " + TO + "\r\nCall-ID: mp\r\n"
            + "CSeq: 1 INVITE\r\nContent-Type: multipart/mixed;boundary=b1\r\nContent-Length: " + body.length()
            + "\r\n\r\n" + body;
        CallCapture c = new CallCapture();
        c.udp(A, 5060, B, 5060, m);
        Analyze.Run r = run(c.write(dir, "multipart.pcap"));
        JsonNode s = r.output().dataset(SipApp.DATASET).get(0).path("sip").path("sdp");
        assertThat(s.path("present").asBoolean()).isTrue();
        assertThat(s.path("media").get(0).path("port").asInt()).isEqualTo(4000);
        assertThat(single(r).path("call").path("rtp_streams").get(0).asText()).isEqualTo(A + ":4000");
    }

    /** DTLS-SRTP over IPv6: fingerprint hash, crypto "dtls", bracketed IPv6 stream endpoints. */
    @Test
    void dtlsOverIpv6() {
        String a6 = "2001:db8::50";
        String b6 = "2001:db8::102";
        String offer = "v=0\r\no=- 1 1 IN IP6 " + a6 + "\r\ns=-\r\nc=IN IP6 " + a6 + "\r\nt=0 0\r\n"
            + "a=fingerprint:sha-256 19:E2:1C:3B:4B:9F:81:E6\r\nm=audio 4000 UDP/TLS/RTP/SAVPF 111\r\n"
            + "a=rtpmap:111 opus/48000/2\r\na=setup:actpass\r\na=rtcp-mux\r\n";
        CallCapture c = new CallCapture();
        c.udp(a6, 5060, b6, 5060, invite("call-12", 1, offer));
        Analyze.Run r = run(c.write(dir, "v6.pcap"));
        JsonNode s = r.output().dataset(SipApp.DATASET).get(0).path("sip").path("sdp");
        assertThat(s.path("connection").asText()).isEqualTo(a6);
        assertThat(s.path("crypto").asText()).isEqualTo("dtls");
        assertThat(s.path("fingerprint_hash").asText()).isEqualTo("sha-256");
        assertThat(s.path("media").get(0).path("codecs").get(0).asText()).isEqualTo("opus");
        JsonNode k = single(r).path("call");
        assertThat(k.path("caller").path("ip").asText()).isEqualTo(a6);
        assertThat(k.path("media_encryption").asText()).isEqualTo("dtls");
        assertThat(k.path("rtp_streams").get(0).asText()).isEqualTo("[" + a6 + "]:4000");
    }

    /**
     * The answer's RTP port and the offer's RTCP port (port + 1) reach the RTP decoder with the
     * announcement as app state; the answer's a=rtcp-mux announces no RTCP port; other flows stay
     * unclaimed.
     */
    @Test
    void mediaIsAnnouncedToTheRtpDecoder() {
        List<Object[]> seen = new ArrayList<>();
        Supplier<AppDecoder> rtp = () -> new FakeRtp(seen);
        CallCapture c = new CallCapture();
        String cid = "call-13";
        c.udp(A, 5060, B, 5060, invite(cid, 1, sdp(A, 40000, "RTP/AVP")));
        c.udp(B, 5060, A, 5060, response(200, "OK", cid, 1, "INVITE", TO_TAGGED,
            sdp(B, 50000, "RTP/AVP", "a=rtcp-mux")));
        c.udp(A, 5060, B, 5060, caller("ACK", cid, 1));
        c.udp(B, 50000, A, 40000, "rtp b->a");         // 4: the media flow
        c.udp(B, 50000, A, 40001, "rtcp b->a");        // 5: RTCP to the offerer's port + 1
        c.udp(A, 40002, B, 50001, "nothing announced"); // 6: answerer muxes RTCP: no 50001
        Analyze.Run r = Analyze.files(new AppRegistry().register(SipApp::new).register(rtp), c.write(dir, "m.pcap"));
        assertThat(r.result().errors()).isEmpty();
        assertThat(seen).extracting(o -> (long) o[0]).containsExactly(4L, 5L);
        MediaAnnouncement a = (MediaAnnouncement) seen.get(0)[1];
        assertThat(a.callId).isEqualTo(cid);
        assertThat(a.srtp).isFalse();
        assertThat(a.crypto).isEqualTo(MediaAnnouncement.CRYPTO_NONE);
        assertThat(a.payloadTypes).containsExactly(0, 8, 101);
        assertThat(a.codecNames).containsExactly(null, null, "telephone-event");
        assertThat(a.clockRates).containsExactly(0, 0, 8000);
        assertThat(seen.get(1)[1]).isInstanceOf(MediaAnnouncement.class);
    }

    /** Stands in for the RTP decoder: records the frame and the app state of each flow's first packet. */
    static final class FakeRtp implements AppDecoder {
        private final List<Object[]> seen;

        FakeRtp(List<Object[]> seen) {
            this.seen = seen;
        }

        @Override
        public String protocol() {
            return "rtp";
        }

        @Override
        public PortClaims claims() {
            return new PortClaims();
        }

        @Override
        public void onPacket(AppContext ctx, int flow, int direction, PacketSlot slot) {
            Object state = ctx.flows().appState(flow);
            if (!"seen".equals(state)) {
                seen.add(new Object[] {slot.frame, state, TextFormat.ipString(slot.view.dstHi, slot.view.dstLo)});
                ctx.flows().setAppState(flow, "seen");
            }
        }
    }

    private static JsonNode single(Analyze.Run r) {
        List<JsonNode> calls = r.output().dataset(SipCalls.DATASET);
        assertThat(calls).hasSize(1);
        return calls.get(0);
    }
}
