package dev.vigil.sensor.app.rtp;

import static dev.vigil.sensor.app.dhcp.UdpCapture.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.protocol.PacketView;
import dev.vigil.sensor.app.AppContext;
import dev.vigil.sensor.app.AppDecoder;
import dev.vigil.sensor.app.AppRegistry;
import dev.vigil.sensor.app.PortClaims;
import dev.vigil.sensor.pipeline.PacketSlot;
import dev.vigil.sensor.testing.Analyze;
import dev.vigil.sensor.testing.EventSchema;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-built RTP and RTCP through the whole pipeline: the summary's fields and JSON types, the
 * three ways a flow is recognised (SDP announcement, port range, heuristic), what the heuristic
 * must not take for RTP, SRTP, multicast, interim summaries, telephone events, RTCP attached to
 * its stream, and one case per decode event.
 */
class RtpAppTest {
    static final String A = "10.20.0.101";
    static final String B = "10.20.0.102";

    @TempDir
    Path dir;

    /** Stands in for the SIP decoder: on any datagram to UDP 5060 it announces the configured media. */
    static final class Announcer implements AppDecoder {
        private final String host;
        private final int port;
        private final MediaAnnouncement announcement;

        Announcer(String host, int port, MediaAnnouncement announcement) {
            this.host = host;
            this.port = port;
            this.announcement = announcement;
        }

        @Override
        public String protocol() {
            return "announcer";
        }

        @Override
        public PortClaims claims() {
            return PortClaims.none().udp(5060);
        }

        @Override
        public void onPacket(AppContext ctx, int flow, int direction, PacketSlot slot) {
            byte[] a = RtpCapture.addr(host);
            long lo = PacketView.IPV4_MAPPED | (ByteBuffer.wrap(a).getInt() & 0xFFFF_FFFFL);
            // as the SIP decoder does: the media port, and RTCP on the next one (RFC 3550 section 11)
            ctx.expect(ctx.decoder("rtp"), 17, 0L, 0L, 0L, lo, port, slot.timestampNanos + 60_000_000_000L,
                    announcement);
            ctx.expect(ctx.decoder("rtp"), 17, 0L, 0L, 0L, lo, port + 1, slot.timestampNanos + 60_000_000_000L,
                    announcement);
        }
    }

    private Analyze.Run run(RtpCapture c, AppRegistry apps) {
        Analyze.Run r = Analyze.files(apps, c.write(dir, "rtp.pcap"));
        assertThat(r.result().errors()).isEmpty();
        return r;
    }

    private List<JsonNode> rtp(RtpCapture c) {
        return rtp(run(c, new AppRegistry().register(RtpApp::new)));
    }

    private static List<JsonNode> rtp(Analyze.Run r) {
        List<JsonNode> docs = r.output().dataset("vigil.rtp");
        for (JsonNode d : docs) {
            if (!d.path("rtp").path("interim").asBoolean()) {
                assertThat(EventSchema.validate(d)).as("%s", d).isEmpty();
            }
        }
        return docs;
    }

    private static List<String> decodeKeys(Analyze.Run r) {
        return r.output().dataset("vigil.decode").stream().map(d -> d.path("decode").path("key").asText())
                .filter(k -> k.startsWith("rtp.")).collect(Collectors.toList());
    }

    private static JsonNode from(List<JsonNode> docs, String ip) {
        String want = java.util.Arrays.toString(RtpCapture.addr(ip));
        return docs.stream().filter(d -> java.util.Arrays.toString(RtpCapture.addr(d.path("source").path("ip").asText()))
                .equals(want)).findFirst().orElseThrow();
    }

    @Test
    void portRangeStreamsCarryTheirFields() {
        RtpCapture c = new RtpCapture()
                .stream(0, A, 61000, B, 61002, 0, 0xA1A1A1A1L, 100, 50, 900)
                .stream(5_000, B, 61002, A, 61000, 8, 0xB2B2B2B2L, 65500, 60, 0);
        Analyze.Run r = run(c, new AppRegistry().register(RtpApp::new));
        List<JsonNode> docs = rtp(r);
        assertThat(docs).hasSize(2);
        JsonNode d = from(docs, A);
        assertThat(d.path("event").path("sequence").asLong()).isEqualTo(1);
        assertThat(d.path("event").path("start").asText()).isEqualTo("2023-11-14T22:13:20.000000Z");
        assertThat(d.path("event").has("end")).isTrue();
        assertThat(d.path("event").has("type")).isFalse();
        assertThat(d.path("source").path("port").asInt()).isEqualTo(61000);
        assertThat(d.path("destination").path("ip").asText()).isEqualTo(B);
        assertThat(d.path("destination").path("port").asInt()).isEqualTo(61002);
        assertThat(d.path("network").path("transport").asText()).isEqualTo("udp");
        JsonNode x = d.path("rtp");
        assertThat(x.path("ssrc").isIntegralNumber()).isTrue();
        assertThat(x.path("ssrc").asLong()).isEqualTo(0xA1A1A1A1L);
        assertThat(x.path("payload_type").asInt()).isZero();
        assertThat(x.path("payload_types").toString()).isEqualTo("[0]");
        assertThat(x.path("codec").asText()).isEqualTo("PCMU");
        assertThat(x.path("clock_rate").asInt()).isEqualTo(8000);
        assertThat(x.path("packets").asLong()).isEqualTo(50);
        assertThat(x.path("bytes").asLong()).isEqualTo(50 * 160);
        assertThat(x.path("expected").asLong()).isEqualTo(50);
        assertThat(x.path("lost").asLong()).isZero();
        assertThat(x.path("duplicates").asLong()).isZero();
        assertThat(x.path("out_of_order").asLong()).isZero();
        assertThat(x.path("seq_wraps").asInt()).isZero();
        assertThat(x.path("jitter").path("mean_ms").isDouble()).isTrue();
        assertThat(x.path("jitter").path("max_ms").asDouble()).isGreaterThan(0).isLessThan(1);
        assertThat(x.path("max_delta_ms").asDouble()).isBetween(20.0, 21.0);
        assertThat(x.path("r_factor").asDouble()).isBetween(90.0, 93.2);
        assertThat(x.path("mos").asDouble()).isBetween(4.3, 4.5);
        assertThat(x.path("recognized_by").asText()).isEqualTo("port");
        assertThat(x.path("interim").asBoolean()).isFalse();
        assertThat(x.path("multicast").asBoolean()).isFalse();
        assertThat(x.has("srtp")).as("not announced: unknown").isFalse();
        assertThat(x.has("call_id")).isFalse();
        assertThat(x.has("rtcp")).isFalse();
        JsonNode y = from(docs, B).path("rtp");
        assertThat(y.path("codec").asText()).isEqualTo("PCMA");
        assertThat(y.path("seq_wraps").asInt()).isEqualTo(1);
        assertThat(y.path("packets").asLong()).isEqualTo(60);
        assertThat(y.path("lost").asLong()).isZero();
        assertThat(y.path("jitter").path("max_ms").asDouble()).isZero();
        JsonNode flow = r.output().dataset("vigil.flow").get(0);
        assertThat(flow.path("network").path("protocol").asText()).isEqualTo("rtp");
    }

    @Test
    void heuristicFindsStreamsOnOtherPortsAndIpv6() {
        RtpCapture c = new RtpCapture()
                .stream(0, A, 17732, B, 9400, 18, 0x7C1071F3L, 1, 10, 300)
                .stream(0, "fd01::1", 40004, "fd01::2", 6000, 112, 0x359F41E4L, 0, 5, 0);
        List<JsonNode> docs = rtp(c);
        assertThat(docs).hasSize(2);
        JsonNode g729 = from(docs, A).path("rtp");
        assertThat(g729.path("codec").asText()).isEqualTo("G729");
        assertThat(g729.path("recognized_by").asText()).isEqualTo("heuristic");
        JsonNode v6 = from(docs, "fd01::1");
        assertThat(v6.path("rtp").path("payload_type").asInt()).isEqualTo(112);
        assertThat(v6.path("rtp").has("codec")).as("dynamic type without rtpmap").isFalse();
        assertThat(v6.path("rtp").has("jitter")).as("no clock rate known").isFalse();
        assertThat(v6.path("rtp").has("mos")).isFalse();
    }

    @Test
    void oneDatagramIsNoStream() {
        RtpCapture c = new RtpCapture()
                .udp(0, A, 40004, B, 6000, RtpCapture.rtp(112, true, 0, 600, 0x359F41E4L, new byte[12]))
                .udp(10, A, 61010, B, 61012, RtpCapture.rtp(0, false, 9, 0, 0x1234, new byte[160]));
        Analyze.Run r = run(c, new AppRegistry().register(RtpApp::new));
        assertThat(rtp(r)).isEmpty();
        // the heuristic flow does not keep the label; the vendor's range is RTP by its port
        assertThat(r.output().dataset("vigil.flow")).extracting(f -> f.path("network").path("protocol").asText())
                .containsExactly("", "rtp");
    }

    @Test
    void lookalikesAreNotStreams() {
        Random random = new Random(5);
        RtpCapture c = new RtpCapture();
        for (int i = 0; i < 40; i++) {
            // DNS queries between high ports whose ids start with 0x80 (V=2 to an RTP eye): QDCOUNT
            // 1 sits where the sequence number would be, so no two of them follow each other
            byte[] dns = hex(String.format("%04x", 0x8000 | random.nextInt(0x4000)), "0120 0001 0000 0000 0001",
                    "0776696769 6c646576 00 0001 0001 00002904d000000000000c000a000800");
            c.udp(i * 50_000L, A, 40000 + i, B, 5353 + 1000, dns);
            // opaque vendor datagrams with random bytes, and NTP-like client requests
            byte[] opaque = new byte[64];
            random.nextBytes(opaque);
            c.udp(i * 50_000L + 7, A, 30000, "239.192.1.0", 6001, opaque);
            byte[] ntp = new byte[48];
            ntp[0] = (byte) 0xe3;
            c.udp(i * 50_000L + 9, A, 50123, B, 10123, ntp);
        }
        Analyze.Run r = run(c, new AppRegistry().register(RtpApp::new));
        assertThat(rtp(r)).isEmpty();
        assertThat(r.output().dataset("vigil.flow")).allSatisfy(f ->
                assertThat(f.path("network").path("protocol").asText()).isNotEqualTo("rtp"));
    }

    @Test
    void junkAfterAnRtpLookingDatagramIsLetGo() {
        RtpCapture c = new RtpCapture().udp(0, A, 45000, B, 45002,
                RtpCapture.rtp(0, false, 1, 0, 0x11111111L, new byte[160]));
        Random random = new Random(1);
        for (int i = 1; i < 40; i++) {
            byte[] junk = new byte[100];
            random.nextBytes(junk);
            junk[0] = (byte) 0x40; // TURN channel range: not RTP
            c.udp(i * 20_000L, A, 45000, B, 45002, junk);
        }
        Analyze.Run r = run(c, new AppRegistry().register(RtpApp::new));
        assertThat(rtp(r)).isEmpty();
        JsonNode flow = r.output().dataset("vigil.flow").get(0);
        assertThat(flow.path("network").path("protocol").asText()).isNotEqualTo("rtp");
        assertThat(flow.path("source").path("packets").asLong()).isEqualTo(40);
    }

    @Test
    void sdpAnnouncementNamesCodecsAndCall() {
        MediaAnnouncement a = new MediaAnnouncement("call-1@10.20.0.102", false, MediaAnnouncement.CRYPTO_NONE,
                new int[] {111, 101}, new String[] {"opus", "telephone-event"}, new int[] {48000, 8000});
        RtpCapture c = new RtpCapture().udp(0, A, 5060, B, 5060, new byte[] {'I', 'N', 'V'});
        for (int i = 0; i < 20; i++) {
            c.udp(1_000 + 20_000L * i + (i % 3) * 400, A, 30000, B, 40000,
                    RtpCapture.rtp(111, false, 7 + i, 960L * i, 0x0FF5L, new byte[60]));
        }
        // telephone events on the same SSRC: digit 9 (two packets, same timestamp), then 0
        c.udp(500_000, A, 30000, B, 40000, RtpCapture.rtp(101, true, 27, 20000, 0x0FF5L, RtpCapture.event(9, false, 160)));
        c.udp(520_000, A, 30000, B, 40000, RtpCapture.rtp(101, false, 28, 20000, 0x0FF5L, RtpCapture.event(9, true, 320)));
        c.udp(600_000, A, 30000, B, 40000, RtpCapture.rtp(101, true, 29, 30000, 0x0FF5L, RtpCapture.event(0, true, 320)));
        // the RTCP flow (port + 1): a lone BYE, which only the announcement makes RTCP
        c.udp(700_000, A, 30001, B, 40001, hex("81 cb 0001 00000ff5"));
        // one packet of an announced stream is a stream: SDP said so
        c.udp(800_000, B, 40000, A, 30000, RtpCapture.rtp(111, false, 1, 0, 0xBEEFL, new byte[60]));
        Analyze.Run r = run(c, new AppRegistry().register(() -> new Announcer(B, 40000, a)).register(RtpApp::new));
        List<JsonNode> docs = rtp(r);
        assertThat(docs).hasSize(2);
        JsonNode x = from(docs, A).path("rtp");
        assertThat(x.path("recognized_by").asText()).isEqualTo("sdp");
        assertThat(x.path("call_id").asText()).isEqualTo("call-1@10.20.0.102");
        assertThat(x.path("srtp").asBoolean()).isFalse();
        assertThat(x.path("codec").asText()).isEqualTo("opus");
        assertThat(x.path("clock_rate").asInt()).isEqualTo(48000);
        assertThat(x.path("payload_types").toString()).isEqualTo("[101,111]");
        assertThat(x.path("jitter").path("max_ms").asDouble()).as("jitter at 48 kHz").isBetween(0.0, 0.5);
        assertThat(x.path("dtmf").path("count").asInt()).isEqualTo(2);
        assertThat(x.path("dtmf").path("digits").asText()).isEqualTo("90");
        assertThat(x.path("rtcp").path("bye").asBoolean()).isTrue();
        JsonNode back = from(docs, B).path("rtp");
        assertThat(back.path("packets").asInt()).isEqualTo(1);
        assertThat(back.path("call_id").asText()).isEqualTo("call-1@10.20.0.102");
    }

    @Test
    void srtpIsMarkedAndItsPayloadsAreNotRead() {
        MediaAnnouncement a = new MediaAnnouncement("call-2", true, MediaAnnouncement.CRYPTO_SDES,
                new int[] {0, 101}, new String[] {"PCMU", "telephone-event"}, new int[] {8000, 8000});
        RtpCapture c = new RtpCapture().udp(0, A, 5060, B, 5060, new byte[] {'I'})
                .stream(1_000, A, 30000, B, 40000, 0, 0x5EC5L, 1, 20, 500);
        c.udp(500_000, A, 30000, B, 40000, RtpCapture.rtp(101, true, 21, 3200, 0x5EC5L, RtpCapture.event(1, true, 9)));
        // SRTCP multiplexed: an RR header, then ciphertext (RFC 3711 3.4), index and tag
        c.udp(600_000, B, 40000, A, 30000, hex("81 c9 0007 00000001 00005ec5 ffffffff 00000000 00000000",
                "00000000 00000000 80000001 aabbccddeeff00112233"));
        Analyze.Run r = run(c, new AppRegistry().register(() -> new Announcer(B, 40000, a)).register(RtpApp::new));
        JsonNode x = rtp(r).get(0).path("rtp");
        assertThat(x.path("srtp").asBoolean()).isTrue();
        assertThat(x.path("packets").asInt()).isEqualTo(21);
        assertThat(x.has("jitter")).isTrue();
        assertThat(x.path("dtmf").isMissingNode()).as("SRTP payloads are ciphertext").isTrue();
        assertThat(x.has("rtcp")).as("SRTCP is not read").isFalse();
        assertThat(decodeKeys(r)).isEmpty();
    }

    @Test
    void multicastGroupAudioIsOneDirection() {
        RtpCapture c = new RtpCapture().stream(0, "10.0.0.1", 61002, "239.192.5.1", 61002, 8, 0xCAFEL, 1, 30, 0);
        JsonNode d = rtp(c).get(0);
        assertThat(d.path("rtp").path("multicast").asBoolean()).isTrue();
        assertThat(d.path("destination").path("ip").asText()).isEqualTo("239.192.5.1");
        assertThat(d.path("rtp").path("packets").asInt()).isEqualTo(30);
    }

    @Test
    void longStreamsGetInterimSummaries() {
        RtpSettings s = new RtpSettings(61000, 61250, Duration.ofSeconds(2), 8, 1000, true);
        RtpCapture c = new RtpCapture().stream(0, A, 61000, B, 61002, 0, 0x1717L, 1, 250, 0); // 5 s
        List<JsonNode> docs = rtp(run(c, new AppRegistry().register(() -> new RtpApp(s))));
        assertThat(docs).hasSize(3);
        JsonNode first = docs.get(0);
        assertThat(first.path("rtp").path("interim").asBoolean()).isTrue();
        assertThat(first.path("event").path("type").toString()).isEqualTo("[\"info\"]");
        assertThat(first.path("rtp").path("packets").asInt()).isEqualTo(101);
        assertThat(docs.get(1).path("rtp").path("packets").asInt()).isEqualTo(201);
        assertThat(docs.get(1).path("event").path("id").asText()).isNotEqualTo(first.path("event").path("id").asText());
        JsonNode last = docs.get(2);
        assertThat(last.path("rtp").path("interim").asBoolean()).isFalse();
        assertThat(last.path("event").has("type")).isFalse();
        assertThat(last.path("rtp").path("packets").asInt()).isEqualTo(250);
        assertThat(last.path("event").path("sequence").asLong()).isEqualTo(first.path("event").path("sequence").asLong());
    }

    @Test
    void telephoneEventsWithoutSdpUseType101() {
        RtpCapture c = new RtpCapture().stream(0, A, 61000, B, 61002, 0, 0x4242L, 1, 10, 0);
        int seq = 11;
        int[] digits = {1, 2, 11};
        for (int k = 0; k < digits.length; k++) {
            for (int p = 0; p < 4; p++) {   // start, continuation, end sent twice
                c.udp(200_000L + k * 100_000L + p * 20_000L, A, 61000, B, 61002,
                        RtpCapture.rtp(101, p == 0, seq++, 1600 + 800L * k, 0x4242L, RtpCapture.event(digits[k], p >= 2, 160 * (p + 1))));
            }
        }
        JsonNode x = rtp(c).get(0).path("rtp");
        assertThat(x.path("dtmf").path("count").asInt()).isEqualTo(3);
        assertThat(x.path("dtmf").path("digits").asText()).isEqualTo("12#");
        assertThat(x.path("codec").asText()).isEqualTo("PCMU");

        RtpSettings quiet = new RtpSettings(61000, 61250, Duration.ofSeconds(60), 8, 1000, false);
        JsonNode y = rtp(run(c, new AppRegistry().register(() -> new RtpApp(quiet)))).get(0).path("rtp");
        assertThat(y.path("dtmf").path("count").asInt()).isEqualTo(3);
        assertThat(y.path("dtmf").has("digits")).isFalse();
    }

    /** sipp__dtmf_2833_1.pcap: tshark's rtpevent.event_id per frame, collapsed per event, are our digits. */
    @Test
    void telephoneEventsAgreeWithTshark() throws java.io.IOException {
        Path pcap = dev.vigil.sensor.testing.Corpus.file("rtp/sipp__dtmf_2833_1.pcap");
        List<String> rows = java.nio.file.Files.readAllLines(
                dev.vigil.sensor.testing.Corpus.file("rtp/ground-truth/sipp__dtmf_2833_1.pcap.rtpevent.txt"));
        StringBuilder digits = new StringBuilder();
        String last = null;
        for (String row : rows.subList(1, rows.size())) {
            String id = row.split("\t")[5];
            if (!id.equals(last)) {
                digits.append("0123456789*#ABCD".charAt(Integer.parseInt(id)));
                last = id;
            }
        }
        List<JsonNode> docs = rtp(Analyze.files(new AppRegistry().register(RtpApp::new), pcap));
        assertThat(docs).hasSize(1);
        JsonNode x = docs.get(0).path("rtp");
        assertThat(x.path("dtmf").path("digits").asText()).isEqualTo(digits.toString()).isEqualTo("1");
        assertThat(x.path("dtmf").path("count").asInt()).isEqualTo(1);
        assertThat(x.path("codec").asText()).isEqualTo("telephone-event");
        assertThat(x.has("mos")).isFalse();
    }

    @Test
    void rtcpReportsAreAttachedToTheirStream() {
        RtpCapture c = new RtpCapture().stream(0, A, 61000, B, 61002, 0, 0xA1A1L, 1, 100, 0)
                .stream(0, B, 61002, A, 61000, 0, 0xB2B2L, 1, 100, 0);
        // B's receiver report about A's stream: 64/256 lost, 5 in all, jitter 80 units (10 ms at 8 kHz)
        c.udp(1_000_000, B, 61003, A, 61001, hex("81 c9 0007 0000b2b2",
                "0000a1a1 40000005 00000064 00000050 00000000 00000000"));
        // A's sender report and CNAME
        c.udp(1_100_000, A, 61001, B, 61003, hex("80 c8 0006 0000a1a1 00000000 00000000 00001f40 00000032 00001f40",
                "81 ca 0004 0000a1a1 0106 616c69636500 00 000000")); // CNAME "alice" counted with its NUL (as in heplify__sip_ipv4_tcp)
        List<JsonNode> docs = rtp(c);
        JsonNode rtcp = from(docs, A).path("rtp").path("rtcp");
        assertThat(rtcp.path("reports").asInt()).isEqualTo(1);
        assertThat(rtcp.path("fraction_lost").asDouble()).isEqualTo(0.25);
        assertThat(rtcp.path("cumulative_lost").asInt()).isEqualTo(5);
        assertThat(rtcp.path("jitter_ms").asDouble()).isEqualTo(10.0);
        assertThat(rtcp.path("sender_packets").asInt()).isEqualTo(50);
        assertThat(rtcp.path("sender_octets").asInt()).isEqualTo(8000);
        assertThat(rtcp.path("cname").asText()).isEqualTo("alice");
        assertThat(from(docs, B).path("rtp").has("rtcp")).isFalse();
    }

    // ---------------------------------------------------------------- decode events

    private Analyze.Run confirmedThen(byte[] bad, int caplen, Supplier<AppDecoder> app) {
        RtpCapture c = new RtpCapture().stream(0, A, 61000, B, 61002, 0, 0xA1A1L, 1, 5, 0);
        c.udp(200_000, A, 61000, B, 61002, bad, caplen);
        return run(c, new AppRegistry().register(app));
    }

    @Test
    void truncatedHeader() {
        byte[] p = RtpCapture.rtp(0, false, 6, 800, 0xA1A1L, new byte[160]);
        Analyze.Run r = confirmedThen(p, 14 + 20 + 8 + 10, RtpApp::new); // 10 of the 12 header bytes
        assertThat(decodeKeys(r)).containsExactly("rtp.truncated");
        assertThat(rtp(r).get(0).path("rtp").path("packets").asInt()).isEqualTo(5);
    }

    @Test
    void badHeaderLength() {
        byte[] p = hex("8f 00 0006 00000320 0000a1a1 aabbccdd"); // CC=15 in a 16-byte datagram
        assertThat(decodeKeys(confirmedThen(p, Integer.MAX_VALUE, RtpApp::new))).containsExactly("rtp.bad_header_length");
    }

    @Test
    void badPadding() {
        byte[] p = hex("a0 00 0006 00000320 0000a1a1 aabbcc00"); // P=1, padding count 0
        assertThat(decodeKeys(confirmedThen(p, Integer.MAX_VALUE, RtpApp::new))).containsExactly("rtp.bad_padding");
    }

    @Test
    void rtcpBadLength() {
        byte[] p = hex("80 c9 0004 0000a1a1"); // RR whose length says 20 bytes, 8 there (rtcp-mux)
        assertThat(decodeKeys(confirmedThen(p, Integer.MAX_VALUE, RtpApp::new))).containsExactly("rtp.rtcp_bad_length");
    }

    @Test
    void rtcpTruncated() {
        byte[] p = hex("80 c9 0001 0000a1a1 81 cb 0001 0000a1a1");
        Analyze.Run r = confirmedThen(p, 14 + 20 + 8 + 12, RtpApp::new);
        assertThat(decodeKeys(r)).containsExactly("rtp.rtcp_truncated");
    }

    @Test
    void tooManyStreams() {
        RtpCapture c = new RtpCapture();
        for (int s = 0; s < 9; s++) {
            c.stream(s * 100_000L, A, 61000, B, 61002, 0, 0x100 + s, 1, 3, 0);
        }
        Analyze.Run r = run(c, new AppRegistry().register(RtpApp::new));
        assertThat(decodeKeys(r)).containsExactly("rtp.too_many_streams", "rtp.too_many_streams",
                "rtp.too_many_streams");
        assertThat(rtp(r)).hasSize(8);
    }

    @Test
    void unconfirmedStreamsGiveWayInsteadOfOverflowing() {
        RtpCapture c = new RtpCapture();
        for (int s = 0; s < 20; s++) {
            // twenty one-packet SSRCs (noise), then one real stream
            c.udp(s * 1_000L, A, 61000, B, 61002, RtpCapture.rtp(0, false, s * 1000, 0, 0x500 + s, new byte[160]));
        }
        c.stream(100_000, A, 61000, B, 61002, 0, 0xFEED, 1, 10, 0);
        Analyze.Run r = run(c, new AppRegistry().register(RtpApp::new));
        assertThat(decodeKeys(r)).isEmpty();
        assertThat(rtp(r)).extracting(d -> d.path("rtp").path("ssrc").asLong()).containsExactly(0xFEEDL);
    }

    @Test
    void directoryFull() {
        RtpSettings none = new RtpSettings(61000, 61250, Duration.ofSeconds(60), 8, 0, true);
        RtpCapture c = new RtpCapture().stream(0, A, 61000, B, 61002, 0, 0xA1A1L, 1, 5, 0);
        Analyze.Run r = run(c, new AppRegistry().register(() -> new RtpApp(none)));
        assertThat(decodeKeys(r)).containsExactly("rtp.directory_full");
        assertThat(rtp(r)).hasSize(1);
    }
}
