package dev.vigil.sensor.app.sip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.dip.Demo;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.Corpus;
import dev.vigil.sensor.testing.EventSchema;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code vigil.call} against the calls that tshark's dissection of each capture implies. The facts
 * are tshark's ({@code <capture>.dialogs.txt}: Call-ID, method or status, CSeq method, From and To
 * tags, time, addresses; see the README next to them); the expected calls follow from them by the
 * rules of RFC 3261 written out below, independently of the sensor's code:
 * <ul>
 *   <li>a call is an INVITE without To tag, keyed by Call-ID and From tag; a retried INVITE with
 *       the same key (after a 401/407 within 180 s, after another failure within 32 s) is the
 *       same call;</li>
 *   <li>answered by the first 2xx to its INVITE; ended by a BYE in either direction, else by the
 *       final error response (cancel when a CANCEL came first or the status is 487, else
 *       rejected), else by a CANCEL alone; unanswered for 180 s: timeout; else eof.</li>
 * </ul>
 * Compared per call: Call-ID, start (the first INVITE), caller and callee IP, answer time, final
 * status, end reason, and the end time (BYE, final response or CANCEL). SIP over SCTP or WebSocket
 * (not decoded) is left out, from the capture's truth.json.
 */
class SipCallCorpusTest {
    private static final List<String> SUMMARY = new ArrayList<>();
    private static final long SECOND = 1_000_000_000L;

    static Stream<Arguments> captures() {
        List<Arguments> out = new ArrayList<>();
        for (String c : List.of("sip/heplify__sip_ipv4_tcp.pcap", "sip/heplify__sip_ipv4_tcp_fragmented.pcap",
            "sip/heplify__erspan_sip_ipv4_udp.pcapng", "sip/ndpi__sip.pcap", "sip/sv__sip-method.pcap",
            "sip/sv__sip-sdp.pcap", "sip/heplify__sip_tcp_websocket.pcap")) {
            out.add(Arguments.of(c, Corpus.file(c)));
        }
        out.add(Arguments.of("demo/intercom-site.pcap", Demo.pcap()));
        return out.stream();
    }

    static final class Expected {
        String callId;
        String tag;
        long start;
        String callerIp;
        String calleeIp;
        long answer = -1;
        int status = -1;
        boolean cancelled;
        boolean ended;
        String reason;
        long end;
        long closeAt;
        long last;

        String describe() {
            return callId + " start=" + start + " answer=" + answer + " status=" + status + " reason=" + reason
                + " end=" + end + " caller=" + callerIp + " callee=" + calleeIp;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void agreesWithTshark(String name, Path file) {
        String base = name.substring(name.indexOf('/') + 1);
        List<String> lines = SdpCorpusTest.resource("/dev/vigil/sensor/app/sip/" + base + ".dialogs.txt");
        Set<Long> excluded = new HashSet<>();
        if (name.startsWith("sip/")) {
            Corpus.Entry e = Corpus.entries().stream().filter(x -> x.path().equals(name)).findFirst().orElseThrow();
            for (JsonNode s : Corpus.truth(e).path("sip")) {
                if (s.path("transport").asText().equals("sctp") || s.has("over")) {
                    excluded.add(s.path("frame").asLong());
                }
            }
        }
        List<Expected> want = expected(lines, excluded);

        Analyze.Run run = Analyze.files(new AppRegistry().register(SipApp::new), file);
        assertThat(run.result().errors()).isEmpty();
        List<JsonNode> got = new ArrayList<>(run.output().dataset(SipCalls.DATASET));
        got.forEach(d -> assertThat(EventSchema.validate(d)).as("%s", d).isEmpty());
        int tp = 0;
        List<String> misses = new ArrayList<>();
        for (Expected w : want) {
            JsonNode match = null;
            for (JsonNode d : got) {
                if (agrees(w, d)) {
                    match = d;
                    break;
                }
            }
            if (match != null) {
                got.remove(match);
                tp++;
            } else {
                misses.add(w.describe());
            }
        }
        SUMMARY.add(String.format(Locale.ROOT, "%-50s truth %4d sensor %4d tp %4d", name, want.size(),
            run.output().dataset(SipCalls.DATASET).size(), tp));
        String why = name + " misses " + misses.subList(0, Math.min(5, misses.size())) + " extra "
            + got.subList(0, Math.min(3, got.size()));
        assertThat(tp).as(why).isGreaterThanOrEqualTo((int) Math.ceil(want.size() * 0.99));
        assertThat(tp).as("precision " + why).isGreaterThanOrEqualTo((int) Math.ceil((tp + got.size()) * 0.99));
    }

    /**
     * The demo call against its generator's truth ({@code sip.calls} of intercom-site.truth.json): a
     * best-effort SRTP offer (SDES keys on RTP/AVP) answered without crypto is unencrypted media.
     */
    @Test
    void demoCallMatchesTheGeneratorsTruth() {
        JsonNode t = Demo.truth().path("sip").path("calls").get(0);
        Analyze.Run run = Analyze.files(new AppRegistry().register(SipApp::new), Demo.pcap());
        List<JsonNode> calls = run.output().dataset(SipCalls.DATASET);
        assertThat(calls).hasSize(1);
        JsonNode c = calls.get(0).path("call");
        assertThat(c.path("id").asText()).isEqualTo(t.path("call_id").asText());
        assertThat(c.path("caller").path("ip").asText()).isEqualTo(t.path("caller").asText());
        assertThat(c.path("callee").path("ip").asText()).isEqualTo(t.path("callee").asText());
        assertThat(c.path("caller").path("user").asText()).isEqualTo(t.path("from_user").asText());
        assertThat(c.path("callee").path("user").asText()).isEqualTo(t.path("to_user").asText());
        assertThat(c.path("media_encryption").asText()).isEqualTo("none");
        assertThat(c.path("rtp_streams")).extracting(JsonNode::asText).containsExactly(
            t.path("caller").asText() + ":" + t.path("sdp_offer").path("media_port").asInt(),
            t.path("callee").asText() + ":" + t.path("sdp_answer").path("media_port").asInt());
        List<JsonNode> sdp = run.output().dataset(SipApp.DATASET).stream()
            .filter(d -> d.path("sip").path("sdp").path("present").asBoolean()).toList();
        assertThat(sdp).hasSize(2);
        JsonNode offer = sdp.get(0).path("sip").path("sdp");
        JsonNode answer = sdp.get(1).path("sip").path("sdp");
        assertThat(offer.path("media").get(0).path("profile").asText())
            .isEqualTo(t.path("sdp_offer").path("profile").asText());
        assertThat(offer.path("media").get(0).path("codecs")).isEqualTo(t.path("sdp_offer").path("codecs"));
        assertThat(offer.path("media").get(0).path("crypto_suites"))
            .isEqualTo(t.path("sdp_offer").path("crypto_suites"));
        assertThat(offer.path("crypto").asText()).isEqualTo("sdes");
        assertThat(offer.path("media").get(0).path("encrypted").asBoolean()).isTrue();
        assertThat(answer.path("media").get(0).path("codecs")).isEqualTo(t.path("sdp_answer").path("codecs"));
        assertThat(answer.path("crypto").asText()).isEqualTo("none");
        assertThat(answer.path("media").get(0).has("crypto_suites")).isFalse();
    }

    private static boolean agrees(Expected w, JsonNode d) {
        JsonNode c = d.path("call");
        if (!c.path("id").asText().equals(w.callId) || nanos(d.path("event").path("start")) != w.start) {
            return false;
        }
        boolean ok = c.path("caller").path("ip").asText().equals(w.callerIp)
            && c.path("callee").path("ip").asText().equals(w.calleeIp)
            && c.path("end_reason").asText().equals(w.reason)
            && c.path("status_code").asInt(-1) == w.status
            && (w.answer < 0 ? !c.has("answer_time") : nanos(c.path("answer_time")) == w.answer);
        if (!w.reason.equals("eof") && !w.reason.equals("timeout")) {
            ok &= nanos(d.path("event").path("end")) == w.end;
        }
        return ok;
    }

    private static long nanos(JsonNode iso) {
        Instant i = Instant.parse(iso.asText());
        return i.getEpochSecond() * SECOND + i.getNano();
    }

    /** The calls tshark's rows imply, by the rules in the class comment. */
    static List<Expected> expected(List<String> lines, Set<Long> excluded) {
        List<String> h = Arrays.asList(lines.get(0).split("\t", -1));
        Map<String, Expected> calls = new LinkedHashMap<>();
        List<Expected> done = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            long frame = Long.parseLong(f[h.indexOf("frame.number")]);
            if (excluded.contains(frame)) {
                continue;
            }
            long t = new BigDecimal(f[h.indexOf("frame.time_epoch")]).movePointRight(9).longValueExact();
            String callId = f[h.indexOf("sip.Call-ID")];
            String method = f[h.indexOf("sip.Method")];
            String code = f[h.indexOf("sip.Status-Code")];
            String cseqMethod = f[h.indexOf("sip.CSeq.method")];
            long cseq = f[h.indexOf("sip.CSeq.seq")].isEmpty() ? -1 : Long.parseLong(f[h.indexOf("sip.CSeq.seq")]);
            String fromTag = f[h.indexOf("sip.from.tag")];
            String toTag = f[h.indexOf("sip.to.tag")];
            String src = last(f[h.indexOf("ip.src")], f[h.indexOf("ipv6.src")]);
            String dst = last(f[h.indexOf("ip.dst")], f[h.indexOf("ipv6.dst")]);
            // time passes: lingering ends close, unanswered calls time out
            for (var it = calls.values().iterator(); it.hasNext(); ) {
                Expected c = it.next();
                if (c.ended && t >= c.closeAt) {
                    done.add(c);
                    it.remove();
                } else if (!c.ended && c.answer < 0 && t - c.last >= 180 * SECOND) {
                    c.ended = true;
                    c.reason = "timeout";
                    done.add(c);
                    it.remove();
                }
            }
            Expected c = calls.get(callId + "\n" + fromTag);
            if (c == null && !toTag.isEmpty()) {
                c = calls.get(callId + "\n" + toTag);
            }
            if (method.equals("INVITE") && toTag.isEmpty()) {
                if (c == null) {
                    c = new Expected();
                    c.callId = callId;
                    c.tag = fromTag;
                    c.start = t;
                    c.callerIp = src;
                    c.calleeIp = dst;
                    calls.put(callId + "\n" + fromTag, c);
                } else if (c.ended && c.answer < 0 && !c.reason.equals("bye")) {
                    c.ended = false; // the retry goes on as the same call
                    c.reason = null;
                    c.status = -1;
                    c.cancelled = false;
                }
            } else if (c != null && method.equals("BYE") && !c.ended) {
                c.ended = true;
                c.reason = "bye";
                c.end = t;
                c.closeAt = t; // written at once
            } else if (c != null && method.equals("CANCEL") && !c.ended && c.answer < 0) {
                c.cancelled = true;
                c.ended = true;
                c.reason = "cancel";
                c.end = t;
                c.closeAt = t + 32 * SECOND;
            } else if (c != null && !code.isEmpty() && cseqMethod.equals("INVITE") && c.answer < 0
                && fromTag.equals(c.tag)) {
                int s = Integer.parseInt(code);
                if (s >= 200 && s < 300) {
                    c.answer = t;
                    c.status = s;
                    c.ended = false;
                    c.reason = null;
                } else if (s >= 300 && (!c.ended || c.status < 0)) {
                    c.status = s;
                    c.ended = true;
                    c.reason = c.cancelled || s == 487 ? "cancel" : "rejected";
                    c.end = t;
                    c.closeAt = t + (s == 401 || s == 407 ? 180 : 32) * SECOND;
                }
            }
            if (c != null) {
                c.last = Math.max(c.last, t);
            }
        }
        for (Expected c : calls.values()) {
            if (!c.ended) {
                c.reason = "eof";
            }
            done.add(c);
        }
        return done;
    }

    /** The innermost address of a tunnelled packet (tshark lists outer then inner, comma separated). */
    private static String last(String v4, String v6) {
        String v = v4.isEmpty() ? v6 : v4;
        int comma = v.lastIndexOf(',');
        return comma < 0 ? v : v.substring(comma + 1);
    }

    @AfterAll
    static void printSummary() {
        SUMMARY.sort(String::compareTo);
        System.out.println("Call agreement with tshark's dialogs (.dialogs.txt):");
        SUMMARY.forEach(System.out::println);
    }
}
