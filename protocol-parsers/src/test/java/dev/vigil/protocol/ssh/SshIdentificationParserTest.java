package dev.vigil.protocol.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** RFC 4253 §4.2 identification lines, one case per decode event, and a never-throws property. */
class SshIdentificationParserTest {
    private final List<String> events = new ArrayList<>();

    private SshIdentificationParser feed(String... pieces) {
        SshIdentificationParser p = new SshIdentificationParser();
        p.reset(t -> events.add(t.key()));
        for (String s : pieces) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            p.onData(new UnsafeBuffer(b), 0, b.length);
        }
        return p;
    }

    @Test
    void opensshServerWithComments() {
        SshIdentificationParser p = feed("SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6\r\n\u0000\u0000\u0004\u00bc");
        assertThat(p.found()).isTrue();
        assertThat(p.protoVersion()).isEqualTo("2.0");
        assertThat(p.software()).isEqualTo("OpenSSH_8.9p1");
        assertThat(p.comments()).isEqualTo("Ubuntu-3ubuntu0.6");
        assertThat(events).isEmpty();
    }

    @Test
    void splitAcrossSegmentsAfterPreambleAndBareLf() {
        // a server may send lines before the identification (RFC 4253 §4.2); "Cisco-1.25" keeps its '-'
        SshIdentificationParser p = feed("Welcome\r\nauthorised use only\r\nSS", "H-1.99-Cisco-1.25\n");
        assertThat(p.protoVersion()).isEqualTo("1.99");
        assertThat(p.software()).isEqualTo("Cisco-1.25");
        assertThat(p.comments()).isNull();
    }

    @Test
    void invalidIdentification() {
        SshIdentificationParser p = feed("SSH-2.0\r\n"); // no softwareversion
        assertThat(p.found()).isFalse();
        assertThat(p.done()).isTrue();
        assertThat(events).containsExactly("ssh.invalid_identification");
    }

    @Test
    void lineTooLong() {
        SshIdentificationParser p = feed("SSH-2.0-" + "x".repeat(300) + "\r\n");
        assertThat(p.found()).isFalse();
        assertThat(events).containsExactly("ssh.line_too_long");
        // 253 bytes + CR LF = 255: still accepted
        events.clear();
        assertThat(feed("SSH-2.0-" + "y".repeat(245) + "\r\n").found()).isTrue();
        assertThat(events).isEmpty();
    }

    @Test
    void tooManyPreambleLines() {
        SshIdentificationParser p = feed("hello\r\n".repeat(SshIdentificationParser.MAX_PREAMBLE_LINES + 1)
            + "SSH-2.0-late\r\n");
        assertThat(p.found()).isFalse();
        assertThat(events).containsExactly("ssh.too_many_preamble_lines");
    }

    @Test
    void streamGap() {
        SshIdentificationParser p = feed("SSH-2.0-Op");
        p.onGap(10);
        assertThat(p.done()).isTrue();
        assertThat(p.found()).isFalse();
        assertThat(events).containsExactly("ssh.stream_gap");
    }

    @Property(tries = 500)
    void arbitraryAndMutatedNeverThrow(@ForAll byte[] b, @ForAll long seed) {
        byte[] seedLine = "SSH-2.0-OpenSSH_9.6 c\r\n".getBytes(StandardCharsets.US_ASCII);
        Random r = new Random(seed);
        seedLine[r.nextInt(seedLine.length)] = (byte) r.nextInt(256);
        for (byte[] in : new byte[][] {b, seedLine}) {
            SshIdentificationParser p = new SshIdentificationParser();
            p.reset(t -> { });
            p.onData(new UnsafeBuffer(in), 0, in.length);
            if (p.found()) {
                assertThat(p.software()).isNotEmpty().doesNotContain(" ");
                assertThat(p.protoVersion()).isNotEmpty();
            }
        }
    }
}
