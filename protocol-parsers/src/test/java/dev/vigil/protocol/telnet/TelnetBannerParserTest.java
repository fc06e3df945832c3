package dev.vigil.protocol.telnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Telnet banner extraction with the RFC 854/855 commands removed. */
class TelnetBannerParserTest {
    private final List<String> events = new ArrayList<>();

    private TelnetBannerParser feed(int[]... pieces) {
        TelnetBannerParser p = new TelnetBannerParser();
        p.reset(t -> events.add(t.key()));
        for (int[] piece : pieces) {
            byte[] b = new byte[piece.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) piece[i];
            }
            p.onData(new UnsafeBuffer(b), 0, b.length);
        }
        return p;
    }

    private static int[] text(String s) {
        return s.chars().toArray();
    }

    @Test
    void negotiationThenBanner() {
        TelnetBannerParser p = feed(
            new int[] {255, 253, 24, 255, 253, 32},                   // IAC DO TERMINAL-TYPE, IAC DO TSPEED
            new int[] {255, 250, 24, 1, 255, 240},                    // IAC SB TERMINAL-TYPE SEND IAC SE
            new int[] {255, 251, 1, '\r', '\n', '\r', '\n'},          // IAC WILL ECHO, empty lines
            text("  Zenitel TCIS-3 v4.1\u0007\r\nlogin: "));
        assertThat(p.banner()).isEqualTo("Zenitel TCIS-3 v4.1"); // BEL dropped, leading blanks trimmed
        assertThat(events).isEmpty();
    }

    @Test
    void promptWithoutLineEndAtFinish() {
        TelnetBannerParser p = feed(text("login: "));
        assertThat(p.banner()).isNull();
        p.finish();
        assertThat(p.banner()).isEqualTo("login:");
    }

    @Test
    void iacSplitAcrossSegmentsAndEscapedIac() {
        TelnetBannerParser p = feed(new int[] {'A', 255}, new int[] {255, 'B', 255}, new int[] {251}, new int[] {3, 'C', '\n'});
        assertThat(p.banner()).isEqualTo("ABC");
    }

    @Test
    void bannerTooLong() {
        TelnetBannerParser p = feed(text("x".repeat(200) + "\r\n"));
        assertThat(p.banner()).hasSize(TelnetBannerParser.MAX_BANNER);
        assertThat(events).containsExactly("telnet.banner_too_long");
    }

    @Property(tries = 500)
    void arbitraryNeverThrows(@ForAll byte[] b) {
        TelnetBannerParser p = new TelnetBannerParser();
        p.reset(t -> { });
        p.onData(new UnsafeBuffer(b), 0, b.length);
        p.onGap(3);
        p.finish();
        if (p.banner() != null) {
            assertThat(p.banner().length()).isLessThanOrEqualTo(TelnetBannerParser.MAX_BANNER);
            assertThat(p.banner().chars()).allMatch(c -> c >= 0x20 && c <= 0x7E);
        }
    }
}
