package dev.vigil.protocol.syslog;

import dev.vigil.protocol.DecodeEventType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 6587 framing: octet counting, non-transparent framing, mixed, bad framing, caps and gaps. */
class SyslogStreamFramerTest {

    static final class Collect implements SyslogStreamFramer.Sink {
        final List<String> frames = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        @Override
        public void onMessage(DirectBuffer buffer, int offset, int length, int messageLength, int framing,
                              boolean incomplete) {
            byte[] b = new byte[length];
            buffer.getBytes(offset, b);
            String s = (framing == SyslogStreamFramer.FRAMING_OCTET_COUNTING ? "oc:" : "nt:")
                    + new String(b, StandardCharsets.ISO_8859_1);
            if (messageLength != length) {
                s += "(" + messageLength + ")";
            }
            frames.add(incomplete ? s + "+" : s);
        }

        @Override
        public void onFramingError(DecodeEventType type) {
            errors.add(type.key());
        }
    }

    private final Collect out = new Collect();
    private final SyslogStreamFramer framer = new SyslogStreamFramer(480).reset(out);

    private void feed(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        byte[] packet = new byte[b.length + 40];
        System.arraycopy(b, 0, packet, 40, b.length);
        framer.onData(new UnsafeBuffer(packet), 40, b.length);
    }

    @Test
    void zeekTcpFramingCaptureByteForByte() {
        // the four frames of zeek's tcp-syslog.pcap: octet counting and LF framing mixed on one connection
        feed("51 <13>Oct 11 22:14:15 mymachine su: 'su root' failed ");
        feed("<14>Oct 11 22:14:16 mymachine su: 'su root' failed\n");
        feed("50 <15>Oct 11 22:14:17 mymachine su: 'su bob' failed ");
        feed("<16>Oct 11 22:14:18 mymachine su: 'su bob' failed\n");
        assertThat(out.frames).containsExactly(
                "oc:<13>Oct 11 22:14:15 mymachine su: 'su root' failed ",
                "nt:<14>Oct 11 22:14:16 mymachine su: 'su root' failed",
                "oc:<15>Oct 11 22:14:17 mymachine su: 'su bob' failed ",
                "nt:<16>Oct 11 22:14:18 mymachine su: 'su bob' failed");
    }

    @Test
    void framesSplitAndJoinedAcrossSegments() {
        feed("1");
        feed("0 <1>ab");
        feed("cdefg<2>x\r\n<3>y\0");
        feed("5 <4>z");
        framer.flush();
        assertThat(out.frames).containsExactly("oc:<1>abcdefg", "nt:<2>x\r", "nt:<3>y", "oc:<4>z+");
    }

    @Test
    void badFraming() {
        // RSH on TCP 514: "port\0user\0user\0command\0"
        feed("1022\0root\0root\0ls\0");
        assertThat(out.errors).containsExactly("syslog.bad_framing");
        assertThat(framer.failed()).isTrue();
        feed("<13>ignored now\n");
        framer.flush();
        assertThat(out.frames).isEmpty();
        SyslogStreamFramer f2 = new SyslogStreamFramer().reset(out);
        byte[] b = "0\0".getBytes(StandardCharsets.US_ASCII);
        f2.onData(new UnsafeBuffer(b), 0, b.length);
        assertThat(out.errors).hasSize(2);
        SyslogStreamFramer f3 = new SyslogStreamFramer().reset(out);
        byte[] c = "1234567890 <1>".getBytes(StandardCharsets.US_ASCII);
        f3.onData(new UnsafeBuffer(c), 0, c.length);
        assertThat(out.errors).as("MSG-LEN of 10 digits").hasSize(3);
    }

    @Test
    void frameTooLong() {
        feed("600 <1>" + "a".repeat(597) + "<2>next\n");
        feed("<3>" + "b".repeat(600) + "\n<4>ok\n");
        assertThat(out.frames).hasSize(4);
        assertThat(out.frames.get(0)).endsWith("(600)").startsWith("oc:<1>aaa");
        assertThat(out.frames.get(0)).hasSize(3 + 480 + 5);
        assertThat(out.frames.get(1)).isEqualTo("nt:<2>next");
        assertThat(out.frames.get(2)).endsWith("(603)");
        assertThat(out.frames.get(3)).isEqualTo("nt:<4>ok");
    }

    @Test
    void incompleteAfterAGap() {
        // a gap inside an octet-counted frame whose end is known: stay in step
        feed("20 <1>abcde");
        framer.onGap(5);
        feed("klmnopq<2>x\n");
        assertThat(out.frames).containsExactly("oc:<1>abcdeklmnopq(20)+", "nt:<2>x");
        // a gap inside a non-transparent frame: pass it on and drop up to the next LF
        feed("<3>abc");
        framer.onGap(10);
        feed("tail\n<4>y\n");
        assertThat(out.frames).containsExactly("oc:<1>abcdeklmnopq(20)+", "nt:<2>x", "nt:<3>abc(16)+", "nt:<4>y");
    }
}
