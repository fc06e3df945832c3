package dev.vigil.protocol.syslog;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The RFC 5424 §6.5 and RFC 3164 §5.4 examples, and one message per decode event of the parser. */
class SyslogParserTest {
    private final SyslogParser parser = new SyslogParser();

    private SyslogView parse(byte[] b) {
        byte[] packet = new byte[b.length + 42 + 5];
        java.util.Arrays.fill(packet, (byte) ' ');
        System.arraycopy(b, 0, packet, 42, b.length);
        return parser.parse(new UnsafeBuffer(packet), 42, b.length);
    }

    private SyslogView parse(String s) {
        return parse(s.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> keys(SyslogView v) {
        List<String> k = new ArrayList<>();
        for (int i = 0; i < v.eventCount(); i++) {
            k.add(v.event(i).key());
        }
        return k;
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.writeBytes((byte[]) p);
            }
        }
        return out.toByteArray();
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    // ---------------------------------------------------------------- RFC 5424 §6.5

    @Test
    void rfc5424Example1() {
        SyslogView v = parse(bytes("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - ", BOM,
                "'su root' failed for lonvick on /dev/pts/8"));
        assertThat(keys(v)).isEmpty();
        assertThat(v.format()).isEqualTo(SyslogView.FORMAT_RFC5424);
        assertThat(v.priority()).isEqualTo(34);
        assertThat(v.facility()).isEqualTo(4);
        assertThat(SyslogView.facilityName(v.facility())).isEqualTo("auth");
        assertThat(v.severity()).isEqualTo(2);
        assertThat(SyslogView.severityName(v.severity())).isEqualTo("crit");
        assertThat(v.version()).isEqualTo(1);
        assertThat(v.timestamp()).isEqualTo("2003-10-11T22:14:15.003Z");
        assertThat(v.hostname()).isEqualTo("mymachine.example.com");
        assertThat(v.appname()).isEqualTo("su");
        assertThat(v.procid()).isNull();
        assertThat(v.msgid()).isEqualTo("ID47");
        assertThat(v.structuredData(1024)).isNull();
        assertThat(v.bom()).isTrue();
        assertThat(v.message()).isEqualTo("'su root' failed for lonvick on /dev/pts/8");
    }

    @Test
    void rfc5424Example2() {
        SyslogView v = parse("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.");
        assertThat(keys(v)).isEmpty();
        assertThat(v.facility()).isEqualTo(20);
        assertThat(SyslogView.facilityName(20)).isEqualTo("local4");
        assertThat(v.severity()).isEqualTo(5);
        assertThat(v.timestamp()).isEqualTo("2003-08-24T05:14:15.000003-07:00");
        assertThat(v.hostname()).isEqualTo("192.0.2.1");
        assertThat(v.procid()).isEqualTo("8710");
        assertThat(v.msgid()).isNull();
        assertThat(v.message()).isEqualTo("%% It's time to make the do-nuts.");
    }

    @Test
    void rfc5424Examples3And4StructuredData() {
        String sd = "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"]";
        SyslogView v = parse(bytes("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 ", sd, " ",
                BOM, "An application event log entry..."));
        assertThat(keys(v)).isEmpty();
        assertThat(v.structuredData(1024)).isEqualTo(sd);
        assertThat(v.message()).isEqualTo("An application event log entry...");
        String two = sd + "[examplePriority@32473 class=\"high\"]";
        SyslogView w = parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 " + two);
        assertThat(keys(w)).isEmpty();
        assertThat(w.structuredData(1024)).isEqualTo(two);
        assertThat(w.messageLength()).isEqualTo(-1);
        assertThat(w.message()).isNull();
        // escapes inside PARAM-VALUE: \] and \" do not end the element
        String esc = "[a@1 x=\"q\\\"]\\]\"]";
        SyslogView e = parse("<14>1 - - - - - " + esc + " m");
        assertThat(keys(e)).isEmpty();
        assertThat(e.structuredData(1024)).isEqualTo(esc);
        assertThat(e.message()).isEqualTo("m");
        assertThat(e.timestamp()).isNull();
        assertThat(e.hostname()).isNull();
    }

    @Test
    void theDemoServersMessage() {
        SyslogView v = parse("<133>1 2026-03-02T08:00:00.040Z icx-alphacom alphacom - SYSTEM - System start: "
                + "ICX-AlphaCom software 11.2.3.2, node 1");
        assertThat(keys(v)).isEmpty();
        assertThat(v.facility()).isEqualTo(16);
        assertThat(SyslogView.facilityName(16)).isEqualTo("local0");
        assertThat(v.severity()).isEqualTo(5);
        assertThat(SyslogView.severityName(5)).isEqualTo("notice");
        assertThat(v.appname()).isEqualTo("alphacom");
        assertThat(v.msgid()).isEqualTo("SYSTEM");
        assertThat(v.message()).isEqualTo("System start: ICX-AlphaCom software 11.2.3.2, node 1");
    }

    // ---------------------------------------------------------------- RFC 3164 §5.4

    @Test
    void rfc3164Examples() {
        SyslogView a = parse("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8");
        assertThat(keys(a)).isEmpty();
        assertThat(a.format()).isEqualTo(SyslogView.FORMAT_RFC3164);
        assertThat(a.timestamp()).isEqualTo("Oct 11 22:14:15");
        assertThat(a.hostname()).isEqualTo("mymachine");
        assertThat(a.appname()).isEqualTo("su");
        assertThat(a.message()).isEqualTo("'su root' failed for lonvick on /dev/pts/8");
        assertThat(a.version()).isEqualTo(-1);

        SyslogView b = parse("<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!");
        assertThat(b.timestamp()).isEqualTo("Feb  5 17:32:18");
        assertThat(b.hostname()).isEqualTo("10.0.0.99");
        assertThat(b.appname()).as("no TAG: shape").isNull();
        assertThat(b.message()).isEqualTo("Use the BFG!");

        SyslogView c = parse("<0>1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's too early for me.");
        assertThat(c.format()).isEqualTo(SyslogView.FORMAT_UNKNOWN);
        assertThat(c.hostname()).isNull();
        assertThat(c.priority()).isZero();
        assertThat(c.message()).isEqualTo("1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's too early for me.");
    }

    @Test
    void bsdHeaderWithAnRfc3339Timestamp() {
        // rsyslog's forwarding format, as in nDPI's rsh-syslog-false-positive.pcap (syslog over TCP 514)
        SyslogView v = parse("<167>2016-05-24T09:50:52.926451+02:00 ldap01 slapd[34534]: conn=1159023 op=44 SRCH\n");
        assertThat(keys(v)).isEmpty();
        assertThat(v.format()).isEqualTo(SyslogView.FORMAT_RFC3164);
        assertThat(v.timestamp()).isEqualTo("2016-05-24T09:50:52.926451+02:00");
        assertThat(v.hostname()).isEqualTo("ldap01");
        assertThat(v.appname()).isEqualTo("slapd");
        assertThat(v.procid()).isEqualTo("34534");
        assertThat(v.message()).isEqualTo("conn=1159023 op=44 SRCH");
        // a date with a space instead of T is not one: all message
        SyslogView w = parse("<134> 2021-04-18 15:12:38+04:00 10.126.20.68 Log, x");
        assertThat(w.format()).isEqualTo(SyslogView.FORMAT_UNKNOWN);
        assertThat(w.hostname()).isNull();
    }

    @Test
    void aNumberThatIsNotAVersion() {
        // nDPI's syslog.pcap: a counter, then a date that is not RFC 3339
        SyslogView v = parse("<134>854 08/20/2013-19:05:23 CONFIG QLA23XX PCIDEV03 DiscLoopId\n\n\0");
        assertThat(v.format()).isEqualTo(SyslogView.FORMAT_UNKNOWN);
        assertThat(v.version()).isEqualTo(-1);
        assertThat(v.message()).isEqualTo("854 08/20/2013-19:05:23 CONFIG QLA23XX PCIDEV03 DiscLoopId");
        // a future version with a timestamp is still RFC 5424
        SyslogView w = parse("<14>2 2003-10-11T22:14:15Z h a - - - x");
        assertThat(w.format()).isEqualTo(SyslogView.FORMAT_RFC5424);
        assertThat(w.version()).isEqualTo(2);
        assertThat(parse("<14>2 - h a - - - x").version()).isEqualTo(2);
    }

    @Test
    void tagWithPidAndTrailers() {
        SyslogView v = parse("<86>Mar  9 04:44:27 host NetworkManager[1422]: <info>  link connected\n\0");
        assertThat(v.hostname()).isEqualTo("host");
        assertThat(v.appname()).isEqualTo("NetworkManager");
        assertThat(v.procid()).isEqualTo("1422");
        assertThat(v.message()).isEqualTo("<info>  link connected");
    }

    @Test
    void aTokenEndingWithAColonIsTheTagNotAHostName() {
        // Zeek's test message: tshark 4.0 reports host "robin:", rsyslog (and this parser) a tag "robin"
        SyslogView v = parse("<133>Apr  5 12:56:51 robin: Hello, syslog!\0");
        assertThat(v.hostname()).isNull();
        assertThat(v.appname()).isEqualTo("robin");
        assertThat(v.message()).isEqualTo("Hello, syslog!");
        SyslogView w = parse("<133>Apr  5 12:56:51 proc[12]: x");
        assertThat(w.hostname()).isNull();
        assertThat(w.appname()).isEqualTo("proc");
        assertThat(w.procid()).isEqualTo("12");
    }

    @Test
    void utf8MessageCutAtACharacterBoundary() {
        SyslogView v = parse("<14>1 - h a - - - " + "é".repeat(10));
        assertThat(v.messageLength()).isEqualTo(20);
        assertThat(v.message(5)).isEqualTo("éé");
        assertThat(v.message(6)).isEqualTo("ééé");
        assertThat(v.message(100)).isEqualTo("é".repeat(10));
    }

    // ---------------------------------------------------------------- one case per decode event

    @Test
    void empty() {
        assertThat(keys(parse(""))).containsExactly("syslog.empty");
    }

    @Test
    void badPri() {
        assertThat(keys(parse("no pri at all"))).containsExactly("syslog.bad_pri");
        assertThat(keys(parse("<192>x"))).containsExactly("syslog.bad_pri");
        assertThat(keys(parse("<1234>x"))).containsExactly("syslog.bad_pri");
        assertThat(keys(parse("<>x"))).containsExactly("syslog.bad_pri");
        assertThat(keys(parse("<13"))).containsExactly("syslog.bad_pri");
        SyslogView v = parse("hello");
        assertThat(v.priority()).isEqualTo(-1);
        assertThat(v.facility()).isEqualTo(-1);
        assertThat(v.message()).isEqualTo("hello");
        assertThat(keys(parse("<191>x"))).isEmpty();
        assertThat(keys(parse("<0>x"))).isEmpty();
    }

    @Test
    void badHeader() {
        SyslogView v = parse("<14>1 2003-10-11T22:14:15Z host app");
        assertThat(keys(v)).containsExactly("syslog.bad_header");
        assertThat(v.hostname()).isEqualTo("host");
        assertThat(v.appname()).isEqualTo("app");
        assertThat(keys(parse("<14>1 - h " + "a".repeat(49) + " - - -"))).containsExactly("syslog.bad_header");
        assertThat(keys(parse("<14>1 - h a - - "))).containsExactly("syslog.bad_header");
    }

    @Test
    void badTimestamp() {
        assertThat(keys(parse("<14>1 2003-10-11 h a - - -"))).containsExactly("syslog.bad_timestamp");
        assertThat(keys(parse("<14>1 2003-10-11T22:14:15.1234567Z h a - - -"))).containsExactly("syslog.bad_timestamp");
        assertThat(keys(parse("<14>1 Oct-11 h a - - -"))).containsExactly("syslog.bad_timestamp");
        assertThat(keys(parse("<14>1 2003-10-11T22:14:15+01:00 h a - - -"))).isEmpty();
    }

    @Test
    void badStructuredData() {
        SyslogView v = parse("<14>1 - h a - - [unclosed x=\"1\" the message");
        assertThat(keys(v)).containsExactly("syslog.bad_structured_data");
        assertThat(v.message()).isEqualTo("[unclosed x=\"1\" the message");
        assertThat(keys(parse("<14>1 - h a - - plain message"))).containsExactly("syslog.bad_structured_data");
        assertThat(keys(parse("<14>1 - h a - - [a@1]x"))).containsExactly("syslog.bad_structured_data");
        assertThat(keys(parse("<14>1 - h a - - []"))).containsExactly("syslog.bad_structured_data");
    }

    @Test
    void everyEventHasACase() {
        // message_too_long is recorded by the sensor's logger; the framer's events in SyslogStreamFramerTest
        assertThat(SyslogStreamFramer.BAD_FRAMING.key()).isEqualTo("syslog.bad_framing"); // loads the framer's types
        List<String> covered = List.of("syslog.empty", "syslog.bad_pri", "syslog.bad_header", "syslog.bad_timestamp",
                "syslog.bad_structured_data", "syslog.message_too_long", "syslog.bad_framing",
                "syslog.frame_too_long", "syslog.incomplete");
        assertThat(covered).containsExactlyInAnyOrderElementsOf(DecodeEventType.all().stream()
                .map(DecodeEventType::key).filter(k -> k.startsWith("syslog.")).toList());
    }
}
